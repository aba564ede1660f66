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

export const Errors = {
  tokenMissing: () =>
    new DomainError('AUTH_TOKEN_MISSING', HttpStatus.UNAUTHORIZED, 'Authentication required', {
      'WWW-Authenticate': BEARER_REALM,
    }),
  // RFC 6750 §3: a token was sent but rejected.
  tokenInvalid: () =>
    new DomainError('AUTH_TOKEN_INVALID', HttpStatus.UNAUTHORIZED, 'Invalid or expired token', {
      'WWW-Authenticate': `${BEARER_REALM}, error="invalid_token"`,
    }),
  invalidCredentials: () => new DomainError('AUTH_INVALID_CREDENTIALS', HttpStatus.UNAUTHORIZED, 'Invalid credentials'),
  wrongPassword: () => new DomainError('AUTH_WRONG_PASSWORD', HttpStatus.UNAUTHORIZED, 'Current password is wrong'),
  loginLocked: (retryAfterSeconds: number) =>
    new DomainError('AUTH_LOGIN_LOCKED', HttpStatus.TOO_MANY_REQUESTS, 'Too many failed logins; try again later', {
      'Retry-After': String(retryAfterSeconds),
    }),
  rateLimited: (retryAfterSeconds: number) =>
    new DomainError('AUTH_RATE_LIMITED', HttpStatus.TOO_MANY_REQUESTS, 'Too many requests; try again later', {
      'Retry-After': String(retryAfterSeconds),
    }),
  accountDisabled: () => new DomainError('AUTH_ACCOUNT_DISABLED', HttpStatus.FORBIDDEN, 'Account is disabled'),
  emailTaken: () => new DomainError('AUTH_EMAIL_TAKEN', HttpStatus.CONFLICT, 'Email is already registered'),
  refreshInvalid: () => new DomainError('AUTH_REFRESH_INVALID', HttpStatus.UNAUTHORIZED, 'Invalid refresh token'),
  refreshReused: () => new DomainError('AUTH_REFRESH_REUSED', HttpStatus.UNAUTHORIZED, 'Refresh token was already used; session revoked'),
  csrfInvalid: () => new DomainError('AUTH_CSRF_INVALID', HttpStatus.FORBIDDEN, 'Missing or invalid CSRF token'),
  forbiddenRole: () => new DomainError('AUTH_FORBIDDEN', HttpStatus.FORBIDDEN, 'Insufficient role'),
  sessionNotFound: () => new DomainError('SESSION_NOT_FOUND', HttpStatus.NOT_FOUND, 'Session not found'),
  userNotFound: () => new DomainError('USER_NOT_FOUND', HttpStatus.NOT_FOUND, 'User not found'),
  lastAdmin: () => new DomainError('USER_LAST_ADMIN', HttpStatus.CONFLICT, 'The last enabled admin cannot lose the admin role'),
  articleNotFound: () => new DomainError('ARTICLE_NOT_FOUND', HttpStatus.NOT_FOUND, 'Article not found'),
  articleForbidden: () => new DomainError('ARTICLE_FORBIDDEN', HttpStatus.FORBIDDEN, 'Only the author or an editor may change this article'),
  revocationUnavailable: () =>
    new DomainError('REVOCATION_UNAVAILABLE', HttpStatus.SERVICE_UNAVAILABLE, 'Revocation state is unavailable; try again shortly'),
  dependenciesDown: (names: string[]) =>
    new DomainError('HEALTH_DEGRADED', HttpStatus.SERVICE_UNAVAILABLE, `Unavailable: ${names.join(', ')}`, {
      'Retry-After': '5',
    }),
  loginAttemptsUnavailable: () =>
    new DomainError('LOGIN_ATTEMPTS_UNAVAILABLE', HttpStatus.SERVICE_UNAVAILABLE, 'Login is unavailable; try again shortly', {
      'Retry-After': '5',
    }),
  rateLimitUnavailable: () =>
    new DomainError('RATE_LIMIT_UNAVAILABLE', HttpStatus.SERVICE_UNAVAILABLE, 'Service is unavailable; try again shortly', {
      'Retry-After': '5',
    }),
  // The argon2 queue is full or too slow: refusing at once beats making every later login wait behind a flood.
  authBusy: () =>
    new DomainError('AUTH_BUSY', HttpStatus.SERVICE_UNAVAILABLE, 'Too many sign-ins in progress; try again shortly', {
      'Retry-After': '2',
    }),
  databaseUnavailable: () =>
    new DomainError('DATABASE_UNAVAILABLE', HttpStatus.SERVICE_UNAVAILABLE, 'Database is unavailable; try again shortly', {
      'Retry-After': '5',
    }),
};
