import { type INestApplication, ParseUUIDPipe } from '@nestjs/common';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { ModulesContainer, Reflector } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { IS_PUBLIC_KEY, NO_API_KEY_KEY, OPTIONAL_AUTH_KEY, ROLES_KEY } from '../authorization/index.js';
import { CREDENTIAL_ENDPOINT_KEY } from '../abuse/index.js';

export type OperationObject = NonNullable<OpenAPIObject['paths'][string]['get']>;
type ResponsesObject = OperationObject['responses'];

export const BEARER_SCHEME = 'bearer';
/** Cookie mode (AUTH_COOKIES=true): the HttpOnly access cookie instead of the Authorization header. */
export const COOKIE_SCHEME = 'cookie';
export const ERROR_SCHEMA_NAME = 'ErrorResponseDto';
export const API_KEY_SCHEME = 'apiKey';
const ERROR_SCHEMA_REF = `#/components/schemas/${ERROR_SCHEMA_NAME}`;
// Nest's ROUTE_ARGS_METADATA: where @Param('id', ParseUUIDPipe) records its pipes.
const ROUTE_ARGS_METADATA = '__routeArguments__';

/** The credential endpoints that AUTH_RATE_LIMIT and the login lockout apply to (API.md). */
/** Public, but it reads the refresh cookie in cookie mode and then checks CSRF. */
const COOKIE_REFRESH_PATH = '/auth/refresh';

const DESCRIPTIONS: Record<string, string> = {
  '400': 'Invalid input: a failed validation rule, an unknown field or a malformed id',
  '401': 'No usable access token or API key (see WWW-Authenticate)',
  '403':
    'The token is good but the role or ownership is not (or, in cookie mode, the CSRF token is missing; or an API key on a route that refuses keys)',
  '404': 'Not found',
  '409': 'Conflict',
  '413': 'Body larger than 100 kB',
  '429': 'Too many requests, failed logins or failed API keys from this address; see Retry-After',
  '503': 'The database or Redis cannot answer now (fail closed); see Retry-After',
};

interface RouteAccess {
  isPublic: boolean;
  optional: boolean;
  hasRoles: boolean;
  /** A @CredentialEndpoint(): rate-limited per IP (and login also locks out). */
  rateLimited: boolean;
  /** Path parameters checked by ParseUUIDPipe. */
  uuidParams: string[];
  /** A @NoApiKey() route: an access token only (403 for an API key). */
  noApiKey: boolean;
}

/**
 * Gives every operation the error responses it can really produce, derived from the same metadata the
 * global guards read, so a new module (e.g. one scaffolded with the nest CLI) is documented correctly
 * without per-route annotations: 400 for input, 401/403 and the bearer scheme for protected routes (403 also
 * for CSRF on unsafe ones),
 * 404 for routes with a path id, 413 for bodies, 429 for credential endpoints.
 */
export function addStandardResponses(app: INestApplication, document: OpenAPIObject): void {
  const access = routeAccessByOperationId(app);
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (!operation) continue;
      const route = access.get(operation.operationId ?? '') ?? {
        isPublic: false,
        optional: false,
        hasRoles: false,
        rateLimited: false,
        uuidParams: [],
        noApiKey: false,
      };
      applyAccess(operation, route);
      for (const param of operation.parameters ?? []) {
        if ('in' in param && param.in === 'path' && route.uuidParams.includes(param.name)) param.schema = { type: 'string', format: 'uuid' };
      }
      const statuses = new Set<string>();
      const params = operation.parameters ?? [];
      if (operation.requestBody || params.length > 0) statuses.add('400');
      if (operation.requestBody) statuses.add('413');
      if (params.some((p) => 'in' in p && p.in === 'path')) statuses.add('404');
      // Optional-auth routes treat a bad token as anonymous, so only fully protected routes answer 401.
      if (!route.isPublic && !route.optional) statuses.add('401');
      if (route.hasRoles || route.noApiKey) statuses.add('403');
      // Failed API keys count toward the per-IP limit on every route that accepts one.
      if (!route.isPublic || route.optional) statuses.add('429');
      // In cookie mode an unsafe request authenticated by a cookie needs the CSRF header (403 without it).
      if (method !== 'get' && ((!route.isPublic && !route.optional) || COOKIE_REFRESH_PATH === path)) statuses.add('403');
      if (route.rateLimited) statuses.add('429');
      addErrors(operation.responses, statuses);
      // Errors declared by hand (e.g. 409 on register) get the shared body schema too.
      addErrors(operation.responses, new Set(Object.keys(operation.responses).filter((s) => /^[45]\d\d$/.test(s))));
    }
  }
}

function applyAccess(operation: OperationObject, route: RouteAccess): void {
  // Either credential: the Bearer header, or in cookie mode the access cookie (then unsafe methods need X-CSRF-Token).
  if (route.isPublic && !route.optional) operation.security = [];
  // An empty requirement makes the token optional: anonymous callers get the public view.
  else if (route.optional) operation.security = [{}, { [BEARER_SCHEME]: [] }, { [COOKIE_SCHEME]: [] }, { [API_KEY_SCHEME]: [] }];
  else if (route.noApiKey) operation.security = [{ [BEARER_SCHEME]: [] }, { [COOKIE_SCHEME]: [] }];
  else operation.security = [{ [BEARER_SCHEME]: [] }, { [COOKIE_SCHEME]: [] }, { [API_KEY_SCHEME]: [] }];
}

function addErrors(responses: ResponsesObject, statuses: Set<string>): void {
  for (const status of [...statuses].sort()) {
    const existing = responses[status] as { description?: string; content?: unknown } | undefined;
    responses[status] = {
      description: existing?.description || DESCRIPTIONS[status] || 'Error',
      content: { 'application/json': { schema: { $ref: ERROR_SCHEMA_REF } } },
    };
  }
}

function routeAccessByOperationId(app: INestApplication): Map<string, RouteAccess> {
  const reflector = new Reflector();
  const result = new Map<string, RouteAccess>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      const proto = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const targets = [handler, controller];
        const roles = reflector.getAllAndOverride<unknown[] | undefined>(ROLES_KEY, targets);
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<string, { data?: unknown; pipes?: unknown[] }>;
        const uuidParams = Object.entries(args)
          .filter(([key, arg]) => key.startsWith(`${RouteParamtypes.PARAM}:`) && typeof arg.data === 'string')
          .filter(([, arg]) => (arg.pipes ?? []).some((pipe) => pipe === ParseUUIDPipe || pipe instanceof ParseUUIDPipe))
          .map(([, arg]) => arg.data as string);
        // Same operationId as @nestjs/swagger's default factory.
        result.set(`${controller.name}_${name}`, {
          isPublic: Boolean(reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)),
          optional: Boolean(reflector.getAllAndOverride<boolean>(OPTIONAL_AUTH_KEY, targets)),
          hasRoles: Array.isArray(roles) && roles.length > 0,
          rateLimited: Boolean(reflector.getAllAndOverride<boolean>(CREDENTIAL_ENDPOINT_KEY, targets)),
          uuidParams,
          noApiKey: Boolean(reflector.getAllAndOverride<boolean>(NO_API_KEY_KEY, targets)),
        });
      }
    }
  }
  return result;
}
