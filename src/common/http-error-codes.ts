/**
 * The code of an error that no module raised as a DomainError: the framework's own (validation pipe, Fastify's body
 * parser, an unknown route) and the hidden 500. Clients switch on `code`, so every error body carries one.
 */
export const HTTP_ERROR_CODES = {
  400: 'REQUEST_INVALID',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  500: 'INTERNAL_ERROR',
} as const;

/** Any other 4xx the framework raises (rare: 406, 408, 431). */
export const OTHER_CLIENT_ERROR_CODE = 'REQUEST_REJECTED';
/** Any other 5xx not raised as a DomainError. */
export const OTHER_SERVER_ERROR_CODE = 'SERVER_ERROR';

/** Every code this file can answer, for the OpenAPI enum. */
export const HTTP_ERROR_CODE_LIST: readonly string[] = [...Object.values(HTTP_ERROR_CODES), OTHER_CLIENT_ERROR_CODE, OTHER_SERVER_ERROR_CODE];

export function httpErrorCode(status: number): string {
  return (HTTP_ERROR_CODES as Record<number, string>)[status] ?? (status >= 500 ? OTHER_SERVER_ERROR_CODE : OTHER_CLIENT_ERROR_CODE);
}

/** How long a client should wait after a 503 that did not say (proxies and clients retry on it). */
export const DEFAULT_RETRY_AFTER_SECONDS = '5';
