import fastifyCookie from '@fastify/cookie';
import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import { AllExceptionsFilter } from './common/all-exceptions.filter.js';
import type { AppConfig } from './config/configuration.js';
import { setupOpenApi } from './openapi/openapi.setup.js';

export const BODY_LIMIT_BYTES = 100 * 1024;

/** Builds the whole app (used by main.ts and by every e2e test), ready to listen. */
export async function createApp(config: AppConfig, options: { logger?: false } = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: options.logger ?? ['error', 'warn', 'log'],
    bufferLogs: false,
    // Fastify's own JSON parser only: Nest's default would also accept form posts, which a hostile page can send
    // cross-site without a CORS preflight (login CSRF). Anything but JSON is 415.
    bodyParser: false,
  });
  app.useGlobalFilters(new AllExceptionsFilter());
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      // Object-typed values where strings are expected fail validation instead of reaching the database.
      transformOptions: { enableImplicitConversion: false },
      stopAtFirstError: false,
    }),
  );
  // Cookie mode only: without it no cookie is parsed, so none can authenticate.
  if (config.security.cookies) await app.register(fastifyCookie);
  setupOpenApi(app);
  app.enableShutdownHooks();
  // On SIGTERM the server stops listening and waits for in-flight requests; answering them with Connection: close
  // keeps their keep-alive sockets from holding the shutdown open until the keep-alive timeout.
  adapter.getInstance().addHook('onSend', async (request, reply) => {
    if (!request.server.server.listening) void reply.header('Connection', 'close');
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
