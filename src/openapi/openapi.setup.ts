import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ErrorResponseDto } from './error-response.dto.js';
import { ConfigService } from '@nestjs/config';
import type { HttpConfig } from '../config/index.js';
import { completeContract } from './openapi-contract.js';
import { addStandardResponses, API_KEY_SCHEME, BEARER_SCHEME, COOKIE_SCHEME } from './openapi-errors.js';

const DOCS_PATH = 'docs';

/** The OpenAPI document of every route; deterministic, so `npm run openapi` output can be compared in a test. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Gatehouse')
    .setDescription(
      'JWT authentication and authorization API. Send the access token as `Authorization: Bearer <token>`; ' +
        'with AUTH_COOKIES=true browsers may log in with `X-Token-Delivery: cookie` and use the HttpOnly cookies instead ' +
        '(the tokens are then never in a body), echoing the CSRF cookie (bound to the session) in X-CSRF-Token on unsafe requests. Machine clients send an API key as `X-API-Key` instead. Every error has the ErrorResponseDto shape.',
    )
    .setVersion('0.1.0')
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SCHEME)
    .addCookieAuth(
      '__Host-gatehouse_at',
      {
        type: 'apiKey',
        in: 'cookie',
        description:
          'Cookie mode (AUTH_COOKIES=true): the HttpOnly access cookie set by a login with X-Token-Delivery: cookie ' +
          '(named gatehouse_at in development). Unsafe requests must also send X-CSRF-Token.',
      },
      COOKIE_SCHEME,
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'X-API-Key',
        description: 'A machine key (POST /auth/api-keys); refused by routes that change credentials',
      },
      API_KEY_SCHEME,
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ErrorResponseDto] });
  addStandardResponses(app, document);
  completeContract(document, { serverUrl: app.get(ConfigService).getOrThrow<HttpConfig>('http').publicUrl });
  return document;
}

/**
 * Swagger UI at /docs and the JSON document at /docs-json (public; the document holds no secrets). The document is built
 * at the first request for it, not at start: an instance that is never asked keeps neither it (about 1 MiB of heap) nor
 * the garbage of building it (docs/performance.md).
 */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: `${DOCS_PATH}-json`,
    raw: ['json'],
    swaggerOptions: { persistAuthorization: false },
  });
}

/** The committed file's exact formatting, so regeneration without route changes gives no diff. */
export function renderOpenApiJson(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
