import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startApp, type TestApp } from './support/test-app.js';

type Operation = { security?: Record<string, string[]>[]; responses: Record<string, { content?: unknown }> };
type Document = { paths: Record<string, Record<string, Operation>>; components: { securitySchemes: Record<string, unknown> } };

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
    expect(served.components.securitySchemes.apiKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-API-Key' });
    expect(served.paths['/auth/me'].get.security).toEqual([{ bearer: [] }, { apiKey: [] }]);
    expect(served.paths['/users'].get.security).toEqual([{ bearer: [] }, { apiKey: [] }]);
    expect(served.paths['/auth/verify'].get.security).toEqual([{ bearer: [] }, { apiKey: [] }]);
    expect(served.paths['/auth/login'].post.security).toEqual([]);
    expect(served.paths['/articles'].get.security).toEqual([{}, { bearer: [] }, { apiKey: [] }]);
    // @NoApiKey() routes: an access token only, and a 403 for a key.
    for (const [path, method] of [
      ['/auth/api-keys', 'post'],
      ['/auth/password', 'post'],
      ['/auth/sessions', 'get'],
      ['/users/service-accounts', 'post'],
    ]) {
      expect(served.paths[path][method].security, `${method} ${path}`).toEqual([{ bearer: [] }]);
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
});
