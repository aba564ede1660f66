import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { httpLoggerOptions } from './http-logger-options.js';

export interface LoggingOptions {
  /** A pino level, or 'silent'. */
  level: string;
  /** Where lines go; stdout when absent (tests pass a stream to read the log). */
  destination?: DestinationStream;
}

/** Structured JSON logs through nestjs-pino: a request id on every line of a request, secrets redacted. */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    const http = httpLoggerOptions(options.level);
    // Request lines are written at info: above it, pino-http would build a child logger per request for nothing
    // (a third of a public route's time). Errors still reach the log through the exception filter.
    const requestLines = ['info', 'debug', 'trace'].includes(options.level);
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: options.destination ? [http, options.destination] : http,
          // nestjs-pino's default route pattern matches nothing under the Fastify adapter of Nest 12.
          forRoutes: requestLines
            ? [{ path: '*path', method: RequestMethod.ALL }]
            : [{ path: '/.gatehouse/no-request-logging', method: RequestMethod.GET }],
        }),
      ],
    };
  }
}
