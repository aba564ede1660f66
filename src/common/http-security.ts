import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '../config/configuration.js';

/**
 * Browser-facing defences: helmet's headers and CORS. The API serves JSON, so the CSP is strict; the only
 * HTML is Swagger UI at /docs, whose scripts load from 'self' and whose styles are partly inline.
 */
export async function configureHttpSecurity(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  await app.register(helmet, {
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
  // No origin is allowed unless CORS_ORIGINS lists it: a browser on another site gets no CORS headers at all.
  const allowed = new Set(config.security.corsOrigins);
  app.enableCors({
    origin: (origin, done) => done(null, origin !== undefined && allowed.has(origin)),
    credentials: config.security.cookies,
    methods: ['GET', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-CSRF-Token', 'X-Request-Id'],
    exposedHeaders: ['Retry-After', 'X-Request-Id', 'WWW-Authenticate'],
    maxAge: 600,
  });
}
