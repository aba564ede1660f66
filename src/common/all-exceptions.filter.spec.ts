import { BadRequestException, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { ConnectionIsNotSetError, QueryFailedError, TypeORMError } from 'typeorm';
import { AllExceptionsFilter } from './all-exceptions.filter.js';
import { BEARER_REALM, DomainError } from './domain-error.js';

describe('AllExceptionsFilter', () => {
  const filter = new AllExceptionsFilter();
  // The filter logs 500s with their stack for operators; keep the test output quiet.
  beforeAll(() => {
    vi.spyOn((filter as unknown as { logger: { error: () => void } }).logger, 'error').mockImplementation(() => undefined);
  });

  it('maps a DomainError to its status, code and headers', () => {
    const { body, headers } = filter.toResponse(
      new DomainError('AUTH_TOKEN_INVALID', 401, 'Invalid or expired token', { 'WWW-Authenticate': `${BEARER_REALM}, error="invalid_token"` }),
    );
    expect(body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Invalid or expired token', code: 'AUTH_TOKEN_INVALID' });
    expect(headers['WWW-Authenticate']).toBe('Bearer realm="gatehouse", error="invalid_token"');
  });

  it("keeps a validation error's message list", () => {
    const { body } = filter.toResponse(new BadRequestException(['email must be an email', 'password too short']));
    expect(body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: ['email must be an email', 'password too short'],
      code: 'REQUEST_INVALID',
    });
  });

  it("adds the Bearer challenge to Nest's own 401s and nothing to a 404", () => {
    expect(filter.toResponse(new UnauthorizedException()).headers).toEqual({ 'WWW-Authenticate': 'Bearer realm="gatehouse"' });
    expect(filter.toResponse(new NotFoundException()).headers).toEqual({});
  });

  it('hides SQL, parameters and the driver message of a failed query behind a plain 500', () => {
    const driverError = Object.assign(new Error('SQLITE_ERROR: no such column: passwordHash'), { code: 'SQLITE_ERROR' });
    const error = new QueryFailedError('SELECT "passwordHash" FROM users WHERE email = ?', ['ada@example.com'], driverError);
    const { body, headers } = filter.toResponse(error);
    expect(body).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'Internal server error', code: 'INTERNAL_ERROR' });
    expect(headers).toEqual({});
  });

  it('hides a thrown non-Error value behind a plain 500', () => {
    expect(filter.toResponse('boom').body.statusCode).toBe(500);
    expect(filter.toResponse(undefined).body.message).toBe('Internal server error');
  });

  it('answers 503 with Retry-After when the database is unreachable', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const { body, headers } = filter.toResponse(refused);
    expect(body).toMatchObject({ statusCode: 503, code: 'DATABASE_UNAVAILABLE' });
    expect(body.message).not.toContain('5432');
    expect(headers).toEqual({ 'Retry-After': '5' });
  });

  it("answers 503 for TypeORM's closed-connection errors on SQLite and PostgreSQL", () => {
    const closed = [
      new ConnectionIsNotSetError('sqlite'),
      new TypeORMError('Driver not Connected'),
      new Error('Cannot use a pool after calling end on the pool'),
    ];
    for (const error of closed) expect(filter.toResponse(error).body.statusCode).toBe(503);
  });

  it("passes Fastify's own client errors through as 4xx, but not an arbitrary error with a statusCode", () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
    expect(filter.toResponse(tooLarge).body).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'Request body is too large',
      code: 'PAYLOAD_TOO_LARGE',
    });
    const library = Object.assign(new Error('secret internals'), { statusCode: 404 });
    expect(filter.toResponse(library).body.statusCode).toBe(500);
  });

  it('gives every 503 a Retry-After, keeping the one a DomainError chose', () => {
    const busy = new DomainError('REVOCATION_UNAVAILABLE', 503, 'down');
    expect(filter.toResponse(busy).headers).toEqual({ 'Retry-After': '5' });
    const chosen = new DomainError('AUTH_BUSY', 503, 'busy', { 'Retry-After': '1' });
    expect(filter.toResponse(chosen).headers).toEqual({ 'Retry-After': '1' });
  });

  it('puts a code on the errors the framework raises, so clients can always switch on it', () => {
    expect(filter.toResponse(new NotFoundException()).body.code).toBe('NOT_FOUND');
    const badJson = Object.assign(new Error('Unexpected token'), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' });
    expect(filter.toResponse(badJson).body.code).toBe('REQUEST_INVALID');
    const media = Object.assign(new Error('Unsupported Media Type'), { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' });
    expect(filter.toResponse(media).body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});
