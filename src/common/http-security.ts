import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppConfig } from '../config/index.js';

/**
 * Browser-facing defences: helmet's headers and CORS. The API serves JSON, so the CSP is strict; the only
 * HTML is Swagger UI at /docs, whose scripts load from 'self' and whose styles are partly inline.
 */
export async function configureHttpSecurity(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const headers = helmetHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        // TLS ends at the proxy; upgrading would break Swagger UI on plain http://localhost in development.
        upgradeInsecureRequests: null,
      },
    },
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (_request, reply, done) => {
      void reply.headers(headers);
      done();
    });
  // No origin is allowed unless CORS_ORIGINS lists it: a browser on another site gets no CORS headers at all.
  const allowed = new Set(config.security.corsOrigins);
  app.enableCors({
    origin: (origin, done) => done(null, origin !== undefined && allowed.has(origin)),
    credentials: config.security.cookies,
    methods: ['GET', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-CSRF-Token', 'X-Request-Id', 'X-Token-Delivery'],
    exposedHeaders: ['Retry-After', 'X-Request-Id', 'WWW-Authenticate', 'X-Total-Count'],
    maxAge: 600,
  });
}

/**
 * Helmet's headers depend only on its options, so they are worked out once here (by running helmet against a
 * recording response) and copied onto every reply; running helmet per request cost a tenth of a public route's time.
 */
function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  } as unknown as ServerResponse;
  let failure: unknown;
  helmet(options)({} as IncomingMessage, recorder, (error?: unknown) => {
    failure = error;
  });
  if (failure) throw failure instanceof Error ? failure : new Error('helmet failed', { cause: failure });
  return headers;
}
