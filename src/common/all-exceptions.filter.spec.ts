import { Logger } from '@nestjs/common';
import { AllExceptionsFilter } from './all-exceptions.filter.js';

describe('AllExceptionsFilter', () => {
  const filter = new AllExceptionsFilter();
  beforeAll(() => {
    vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterAll(() => vi.restoreAllMocks());

  it('answers an unexpected error with a bare 500: no message, stack, SQL or hash', () => {
    const error = new Error('SQLITE_ERROR: near "SELECT passwordHash FROM users": $argon2id$v=19$m=19456');
    const { body, headers } = filter.toResponse(error);
    expect(body).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'Internal server error' });
    expect(headers).toEqual({});
    expect(JSON.stringify(body)).not.toContain('argon2');
    expect(JSON.stringify(body)).not.toContain('at ');
  });

  it('answers a thrown non-Error value the same way', () => {
    expect(filter.toResponse({ sql: 'SELECT 1' }).body.statusCode).toBe(500);
    expect(filter.toResponse('boom').body.message).toBe('Internal server error');
  });
});
