import type { OpenAPIObject } from '@nestjs/swagger';
import { NO_BACKING_SERVICE_EXTENSION } from './api-doc.decorators.js';
import { collectErrorCodes } from './error-codes.js';
import { BEARER_SCHEME, COOKIE_SCHEME, ERROR_SCHEMA_NAME, type OperationObject } from './openapi-errors.js';

type SchemaObject = Record<string, unknown>;
type HeaderObject = { description: string; schema: SchemaObject };

/** Descriptions of the top-level tags; a tag without one here is still declared (tools require every tag declared). */
const TAG_DESCRIPTIONS: Record<string, string> = {
  auth: "Registration, login, refresh, logout, the caller's own account and sessions, and forward-auth for proxies",
  keys: 'Public keys that verify access tokens (JWKS)',
  users: 'Administration of user accounts (admin only)',
  articles: 'The example resource: articles with owner-or-role rules',
  health: 'Liveness and readiness of the database and Redis',
};

const HEADERS: Record<string, Record<string, HeaderObject>> = {
  '401': {
    'WWW-Authenticate': {
      description: 'The Bearer challenge, with error="invalid_token" when a token was sent but is not good',
      schema: { type: 'string', example: 'Bearer realm="gatehouse", error="invalid_token"' },
    },
  },
  '429': { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 0 } } },
  '503': { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 0 } } },
};

const CSRF_PARAMETER = {
  name: 'X-CSRF-Token',
  in: 'header' as const,
  required: false,
  description:
    'Cookie mode only: the value of the CSRF cookie, required on unsafe requests authenticated by the access or refresh ' +
    'cookie (403 AUTH_CSRF_INVALID without it). Bearer and API-key clients do not send it.',
  schema: { type: 'string' },
};

export interface ContractOptions {
  /** PUBLIC_URL: the `servers` entry. */
  serverUrl: string;
}

/**
 * The parts of the document that generated clients and linters (Redocly recommended, Spectral oas) need and that
 * @nestjs/swagger does not derive: declared tags, the error-code enum, response headers, the cookie security scheme and
 * X-CSRF-Token parameter, 503 on routes that depend on the database or Redis, closed request bodies, `servers`.
 * Applied after addStandardResponses, to every route, so routes added later comply without more decoration than
 * docs/openapi.md lists.
 */
export function completeContract(document: OpenAPIObject, options: ContractOptions): void {
  document.servers = [{ url: options.serverUrl, description: 'PUBLIC_URL' }];
  const tags = new Set<string>();
  const requestBodySchemas = new Set<string>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (!operation) continue;
      for (const tag of operation.tags ?? []) tags.add(tag);
      const extensions = operation as unknown as Record<string, unknown>;
      const independent = extensions[NO_BACKING_SERVICE_EXTENSION] === true;
      delete extensions[NO_BACKING_SERVICE_EXTENSION];
      if (!independent && !operation.responses['503']) {
        operation.responses['503'] = {
          description: 'The database or Redis cannot answer now (fail closed); see Retry-After',
          content: { 'application/json': { schema: { $ref: `#/components/schemas/${ERROR_SCHEMA_NAME}` } } },
        };
      }
      addResponseHeaders(operation);
      if (acceptsCookieCredential(operation) && method !== 'get') addCsrfParameter(operation);
      if (path === '/auth/refresh' || path === '/auth/logout') addCsrfParameter(operation);
      const body = operation.requestBody as { content?: Record<string, { schema?: { $ref?: string } }> } | undefined;
      for (const media of Object.values(body?.content ?? {})) {
        if (media.schema?.$ref) requestBodySchemas.add(media.schema.$ref.split('/').pop() ?? '');
      }
    }
  }
  document.tags = [...tags].sort().map((name) => ({ name, description: TAG_DESCRIPTIONS[name] ?? `Routes of the ${name} module` }));
  const schemas = (document.components?.schemas ?? {}) as Record<string, SchemaObject>;
  for (const name of requestBodySchemas) closeSchema(schemas, name, new Set());
  const errorSchema = schemas[ERROR_SCHEMA_NAME] as { properties: Record<string, SchemaObject>; required?: string[] };
  errorSchema.properties.code = {
    type: 'string',
    enum: collectErrorCodes(),
    description: 'Stable machine-readable code; switch on it, never on the message',
    example: 'AUTH_TOKEN_MISSING',
  };
  errorSchema.required = [...new Set([...(errorSchema.required ?? []), 'code'])];
}

function acceptsCookieCredential(operation: OperationObject): boolean {
  return (operation.security ?? []).some((requirement) => COOKIE_SCHEME in requirement);
}

function addCsrfParameter(operation: OperationObject): void {
  const parameters = (operation.parameters ??= []);
  if (!parameters.some((p) => 'name' in p && p.name === CSRF_PARAMETER.name)) parameters.push({ ...CSRF_PARAMETER });
}

function addResponseHeaders(operation: OperationObject): void {
  for (const [status, headers] of Object.entries(HEADERS)) {
    const response = operation.responses[status] as { headers?: Record<string, unknown> } | undefined;
    if (response) response.headers = { ...headers, ...(response.headers ?? {}) };
  }
}

/** additionalProperties: false on a request body and the objects inside it: the server refuses unknown fields (400). */
function closeSchema(schemas: Record<string, SchemaObject>, name: string, seen: Set<string>): void {
  if (seen.has(name) || !schemas[name]) return;
  seen.add(name);
  const visit = (schema: unknown): void => {
    if (!schema || typeof schema !== 'object') return;
    const s = schema as SchemaObject;
    if (typeof s.$ref === 'string') return closeSchema(schemas, s.$ref.split('/').pop() ?? '', seen);
    if (s.type === 'object' || s.properties) s.additionalProperties = false;
    for (const key of ['properties'] as const) for (const child of Object.values((s[key] as Record<string, unknown>) ?? {})) visit(child);
    visit(s.items);
    for (const key of ['allOf', 'oneOf', 'anyOf'] as const) for (const child of (s[key] as unknown[]) ?? []) visit(child);
  };
  visit(schemas[name]);
}

export { BEARER_SCHEME };
