import { ApiExtension } from '@nestjs/swagger';

/** Extension read (and removed) by the post-processing of openapi-contract.ts. */
export const NO_BACKING_SERVICE_EXTENSION = 'x-gatehouse-no-backing-service';

/**
 * The route needs neither the database nor Redis (e.g. the JWKS), so the document promises no 503 for it. Every other
 * route gets a 503 with Retry-After.
 */
export const ApiNoBackingService = () => ApiExtension(NO_BACKING_SERVICE_EXTENSION, true);

/** Response headers of an answer that sets the auth cookies (cookie mode, X-Token-Delivery: cookie). */
export const SET_AUTH_COOKIES_HEADER = {
  'Set-Cookie': {
    description:
      'Cookie mode only (AUTH_COOKIES=true with X-Token-Delivery: cookie, or a refresh from the cookie): the HttpOnly access ' +
      'cookie, the HttpOnly refresh cookie (path /auth) and the CSRF cookie that scripts echo in X-CSRF-Token',
    schema: { type: 'string' as const },
  },
};
