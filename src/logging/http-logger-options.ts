import type { Options } from 'pino-http';

/**
 * Paths pino blanks out wherever they appear in a log object. The request serializer below already leaves out
 * headers and bodies; this is the second line, for anything a future log call passes in by mistake.
 */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  ...['authorization', 'cookie', 'password', 'currentPassword', 'newPassword', 'accessToken', 'refreshToken', 'token', 'key', 'apiKey'].flatMap(
    (key) => [key, `*.${key}`],
  ),
];

/**
 * pino-http options: one compact line per request (method, path without query, status, time), no headers.
 * The request id comes from Fastify (see request-id.ts), which sets it before pino-http sees the request.
 */
export function httpLoggerOptions(level: string): Options {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    // App lines within a request carry just `reqId`; the completion line carries the small req/res below.
    quietReqLogger: true,
    serializers: {
      // The query string is dropped: it is where a careless client would put a token.
      req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url?.split('?')[0] }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      err: (err: Error) => ({ type: err.name, message: err.message }),
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
  };
}
