import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startApp, type TestApp } from './support/test-app.js';

type Parameter = { name: string; in: string; schema?: { format?: string } };
type Response = { content?: unknown; headers?: Record<string, unknown> };
type Operation = {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  security?: Record<string, string[]>[];
  responses: Record<string, Response>;
};
type Schema = { properties?: Record<string, { enum?: string[] }>; required?: string[]; additionalProperties?: boolean };
type Document = {
  paths: Record<string, Record<string, Operation>>;
  tags: { name: string; description: string }[];
  servers: { url: string }[];
  components: { securitySchemes: Record<string, unknown>; schemas: Record<string, Schema> };
};

describe('OpenAPI', () => {
  let t: TestApp;
  let served: Document;
  beforeAll(async () => {
    t = await startApp();
    const res = await t.http().get('/docs-json');
    expect(res.status).toBe(200);
    served = res.body as Document;
  });
  afterAll(() => t.close());

  it('committed openapi.json matches the routes (run `npm run openapi` after changing an endpoint)', () => {
    const committed = JSON.parse(readFileSync(join(__dirname, '..', 'openapi.json'), 'utf8'));
    expect(served).toEqual(committed);
  });

  it('serves Swagger UI at /docs without a token', async () => {
    const res = await t.http().get('/docs').redirects(1);
    expect(res.status).toBe(200);
    expect(res.text).toContain('swagger-ui');
  });

  it('documents the bearer and API key schemes, and requires one exactly on the routes the guards protect', () => {
    expect(served.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(served.components.securitySchemes.cookie).toMatchObject({ type: 'apiKey', in: 'cookie', name: '__Host-gatehouse_at' });
    expect(served.components.securitySchemes.apiKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-API-Key' });
    const anyCredential = [{ bearer: [] }, { cookie: [] }, { apiKey: [] }];
    expect(served.paths['/auth/me'].get.security).toEqual(anyCredential);
    expect(served.paths['/users'].get.security).toEqual(anyCredential);
    expect(served.paths['/auth/verify'].get.security).toEqual(anyCredential);
    expect(served.paths['/auth/login'].post.security).toEqual([]);
    expect(served.paths['/articles'].get.security).toEqual([{}, ...anyCredential]);
    // @NoApiKey() routes: an access token (header or cookie) only, and a 403 for a key.
    for (const [path, method] of [
      ['/auth/api-keys', 'post'],
      ['/auth/password', 'post'],
      ['/auth/sessions', 'get'],
      ['/users/service-accounts', 'post'],
    ]) {
      expect(served.paths[path][method].security, `${method} ${path}`).toEqual([{ bearer: [] }, { cookie: [] }]);
      expect(Object.keys(served.paths[path][method].responses)).toContain('403');
    }
  });

  it('lists the error responses each route can give, with the shared error schema', () => {
    const codes = (path: string, method: string) => Object.keys(served.paths[path][method].responses).sort();
    expect(codes('/auth/register', 'post')).toEqual(expect.arrayContaining(['400', '409', '413', '429']));
    expect(codes('/auth/login', 'post')).toEqual(expect.arrayContaining(['400', '401', '403', '413', '429']));
    expect(codes('/users/{id}/roles', 'patch')).toEqual(expect.arrayContaining(['400', '401', '403', '404', '409', '413']));
    expect(codes('/auth/me', 'get')).toContain('401');
    expect(codes('/auth/me', 'get')).not.toContain('403');
    // Cookie mode's CSRF check can refuse any unsafe protected request, and a refresh from the cookie.
    expect(codes('/auth/logout', 'post')).toContain('403');
    expect(codes('/auth/refresh', 'post')).toContain('403');
    expect(codes('/.well-known/jwks.json', 'get')).not.toContain('401');
    expect(served.paths['/auth/me'].get.responses['401'].content).toEqual({
      'application/json': { schema: { $ref: '#/components/schemas/ErrorResponseDto' } },
    });
  });

  it('gives every route a documented success response', () => {
    for (const [path, item] of Object.entries(served.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const success = Object.keys(op.responses).filter((s) => s.startsWith('2'));
        expect(success, `${method.toUpperCase()} ${path}`).not.toHaveLength(0);
      }
    }
  });

  const operations = () =>
    Object.entries(served.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, method, path, op })),
    );

  it('gives every operation a summary, a description and declared tags (what generated clients and linters need)', () => {
    const declared = served.tags.map((tag) => tag.name);
    for (const { name, op } of operations()) {
      expect(op.summary, name).toMatch(/\S/);
      expect(op.description, name).toMatch(/\S/);
      expect(op.tags?.length, name).toBeGreaterThan(0);
      for (const tag of op.tags ?? []) expect(declared, `${name} tag ${tag}`).toContain(tag);
    }
    for (const tag of served.tags) expect(tag.description).toMatch(/\S/);
  });

  it("puts a required code on every error body, from an enum of every module's codes and the framework's", () => {
    const error = served.components.schemas.ErrorResponseDto;
    expect(error.required).toContain('code');
    const codes = error.properties?.code.enum ?? [];
    for (const code of ['AUTH_TOKEN_MISSING', 'AUTH_CSRF_INVALID', 'ARTICLE_FORBIDDEN', 'REVOCATION_UNAVAILABLE', 'DATABASE_UNAVAILABLE']) {
      expect(codes).toContain(code);
    }
    for (const code of ['REQUEST_INVALID', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'NOT_FOUND', 'INTERNAL_ERROR'])
      expect(codes).toContain(code);
  });

  it('declares the response headers clients read: WWW-Authenticate, Retry-After, the identity headers, Set-Cookie', () => {
    for (const { name, op } of operations()) {
      if (op.responses['401']) expect(Object.keys(op.responses['401'].headers ?? {}), name).toContain('WWW-Authenticate');
      for (const status of ['429', '503'])
        if (op.responses[status]) expect(Object.keys(op.responses[status].headers ?? {}), name).toContain('Retry-After');
    }
    expect(Object.keys(served.paths['/auth/verify'].get.responses['200'].headers ?? {})).toEqual(['X-Auth-User-Id', 'X-Auth-Roles']);
    expect(Object.keys(served.paths['/auth/login'].post.responses['200'].headers ?? {})).toContain('Set-Cookie');
    expect(Object.keys(served.paths['/auth/refresh'].post.responses['200'].headers ?? {})).toContain('Set-Cookie');
  });

  it('offers the X-CSRF-Token header on the unsafe routes a cookie can authenticate, and nowhere else', () => {
    const csrf = (op: Operation) => (op.parameters ?? []).some((p) => p.in === 'header' && p.name === 'X-CSRF-Token');
    for (const { name, method, op } of operations()) {
      const cookieAuth = (op.security ?? []).some((requirement) => 'cookie' in requirement);
      expect(csrf(op), name).toBe((cookieAuth && method !== 'get') || name === 'POST /auth/refresh');
    }
  });

  it('promises 503 on every route that depends on the database or Redis, and not on the JWKS', () => {
    for (const { name, op } of operations()) expect(Boolean(op.responses['503']), name).toBe(name !== 'GET /.well-known/jwks.json');
  });

  it('marks uuid path ids and closes request bodies, as the server enforces both', () => {
    for (const { name, op } of operations()) {
      for (const param of (op.parameters ?? []).filter((p) => p.in === 'path' && p.name === 'id')) expect(param.schema?.format, name).toBe('uuid');
      const ref = op.requestBody?.content['application/json']?.schema.$ref;
      if (ref) expect(served.components.schemas[ref.split('/').pop() ?? ''].additionalProperties, name).toBe(false);
    }
  });

  it('names PUBLIC_URL as the server', async () => {
    expect(served.servers).toEqual([{ url: 'http://localhost:3000', description: 'PUBLIC_URL' }]);
    const behindProxy = await startApp({ PUBLIC_URL: 'https://auth.example.org/' });
    try {
      const res = await behindProxy.http().get('/docs-json');
      expect((res.body as Document).servers).toEqual([{ url: 'https://auth.example.org', description: 'PUBLIC_URL' }]);
    } finally {
      await behindProxy.close();
    }
  });
});
