import { HttpStatus } from '@nestjs/common';

/** A failure the API promises to clients: a stable code, an HTTP status, and a message safe to show. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: HttpStatus,
    message: string,
    /** Extra response headers, e.g. Retry-After or WWW-Authenticate. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const BEARER_REALM = 'Bearer realm="gatehouse"';

export const CommonErrors = {
  databaseUnavailable: () =>
    new DomainError('DATABASE_UNAVAILABLE', HttpStatus.SERVICE_UNAVAILABLE, 'Database is unavailable; try again shortly', {
      'Retry-After': '5',
    }),
};
