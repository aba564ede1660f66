import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { BEARER_REALM, CommonErrors, DomainError } from './domain-error.js';
import { DEFAULT_RETRY_AFTER_SECONDS, httpErrorCode } from './http-error-codes.js';

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  code: string;
}

/** The one place that turns any failure into Nest's error shape; a 500 never carries internals. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { body, headers } = this.toResponse(exception);
    for (const [name, value] of Object.entries(headers)) void reply.header(name, value);
    void reply.status(body.statusCode).send(body);
  }

  toResponse(exception: unknown): { body: ErrorBody; headers: Record<string, string> } {
    const response = this.describe(exception);
    // Every 503 says when to come back: clients and proxies (nginx's error_page, Caddy's handle_response) retry on it.
    if (response.body.statusCode === 503 && !Object.keys(response.headers).some((name) => name.toLowerCase() === 'retry-after')) {
      response.headers['Retry-After'] = DEFAULT_RETRY_AFTER_SECONDS;
    }
    return response;
  }

  private describe(exception: unknown): { body: ErrorBody; headers: Record<string, string> } {
    if (exception instanceof DomainError) {
      return {
        body: { statusCode: exception.status, error: STATUS_CODES[exception.status] ?? 'Error', message: exception.message, code: exception.code },
        headers: { ...exception.headers },
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const message =
        typeof response === 'object' && response !== null && 'message' in response
          ? (response as { message: string | string[] }).message
          : exception.message;
      const headers: Record<string, string> = {};
      if (status === (HttpStatus.UNAUTHORIZED as number)) headers['WWW-Authenticate'] = BEARER_REALM;
      return { body: { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message, code: httpErrorCode(status) }, headers };
    }
    const fastifyStatus = fastifyClientErrorStatus(exception);
    if (fastifyStatus) {
      return {
        body: {
          statusCode: fastifyStatus,
          error: STATUS_CODES[fastifyStatus] ?? 'Error',
          message: (exception as Error).message,
          code: httpErrorCode(fastifyStatus),
        },
        headers: {},
      };
    }
    if (isDatabaseUnreachable(exception)) return this.describe(CommonErrors.databaseUnavailable());
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return { body: { statusCode: 500, error: 'Internal Server Error', message: 'Internal server error', code: httpErrorCode(500) }, headers: {} };
  }
}

/** Fastify's own client errors (bad JSON, body too large, bad content type) carry a 4xx statusCode. */
function fastifyClientErrorStatus(exception: unknown): number | undefined {
  if (!(exception instanceof Error)) return undefined;
  const status = (exception as Error & { statusCode?: number }).statusCode;
  const code = (exception as Error & { code?: string }).code;
  return typeof status === 'number' && status >= 400 && status < 500 && code?.startsWith('FST_') ? status : undefined;
}

// Network errors, PostgreSQL's connection-class codes (08xxx, 57P0x), too many connections (53300), and a statement
// cancelled by DB_STATEMENT_TIMEOUT_MS (57014): the database cannot answer now, which is a 503 and never a 500.
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08006',
  '08001',
  '08003',
  '08004',
  '53300',
  '57014',
]);

function isDatabaseUnreachable(exception: unknown): boolean {
  if (!(exception instanceof Error)) return false;
  const e = exception as Error & { code?: string; driverError?: { code?: string } };
  const code = e.code ?? e.driverError?.code;
  return (
    (code !== undefined && UNREACHABLE_CODES.has(code)) ||
    // TypeORM's own error when the pool or file handle is gone (e.g. during shutdown or after a lost connection).
    e.name === 'ConnectionIsNotSetError' ||
    /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Driver not Connected|Cannot use a pool after calling end/i.test(
      e.message,
    )
  );
}
