import fastifyCookie from '@fastify/cookie';
import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module.js';
import { AllExceptionsFilter, configureHttpSecurity } from './common/index.js';
import type { AppConfig } from './config/index.js';
import { exposeRequestIds, requestId } from './logging/index.js';
import { MetricsService } from './metrics/index.js';
import { attachRequestContext } from './audit/index.js';
import { setupOpenApi } from './openapi/index.js';

const BODY_LIMIT_BYTES = 100 * 1024;

export interface CreateAppOptions {
  /** false silences every log line (unless `logDestination` is given). */
  logger?: false;
  /** Sends the structured log there instead of stdout (tests read it). */
  logDestination?: DestinationStream;
}

/** Builds the whole app (used by main.ts and by every e2e test), ready to listen. */
export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, genReqId: requestId, trustProxy: config.security.trustProxy });
  // Fastify also parses text/plain by default: a CORS "simple" type that a hostile page can post cross-site without a
  // preflight. With only the JSON parser left, every other body (text/plain, forms, none named) is 415.
  adapter.getInstance().removeContentTypeParser('text/plain');
  const level = options.logger === false && !options.logDestination ? 'silent' : config.logLevel;
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, { level, destination: options.logDestination }), adapter, {
    bufferLogs: true,
    // Fastify's own JSON parser only: Nest's default would also accept form posts, which a hostile page can send
    // cross-site without a CORS preflight (login CSRF). Anything but JSON is 415.
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  await configureHttpSecurity(app, config);
  exposeRequestIds(app);
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
  // keeps their keep-alive sockets from holding the shutdown open until the keep-alive timeout. Callback-style: an
  // async hook would make a promise on every request (and, on node 20, run AsyncLocalStorage's hook for it).
  adapter.getInstance().addHook('onSend', (request, reply, payload, done) => {
    if (!request.server.server.listening) void reply.header('Connection', 'close');
    done(null, payload);
  });
  attachRequestContext(adapter.getInstance());
  app.get(MetricsService).attachHttpHook(adapter.getInstance());
  try {
    await app.init();
  } catch (error) {
    // A start-up refusal (e.g. the admin bootstrap's) must not leave database pools, Redis connections and timers open.
    await app.close().catch(() => undefined);
    throw error;
  }
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
