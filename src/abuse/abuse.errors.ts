import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../common/index.js';

/** The failures of this module that the API promises to clients (stable codes; see docs/http-api.md). */
export const AbuseErrors = {
  loginLocked: (retryAfterSeconds: number) =>
    new DomainError('AUTH_LOGIN_LOCKED', HttpStatus.TOO_MANY_REQUESTS, 'Too many failed logins; try again later', {
      'Retry-After': String(retryAfterSeconds),
    }),
  rateLimited: (retryAfterSeconds: number) =>
    new DomainError('AUTH_RATE_LIMITED', HttpStatus.TOO_MANY_REQUESTS, 'Too many requests; try again later', {
      'Retry-After': String(retryAfterSeconds),
    }),
  loginAttemptsUnavailable: () =>
    new DomainError('LOGIN_ATTEMPTS_UNAVAILABLE', HttpStatus.SERVICE_UNAVAILABLE, 'Login is unavailable; try again shortly', {
      'Retry-After': '5',
    }),
  rateLimitUnavailable: () =>
    new DomainError('RATE_LIMIT_UNAVAILABLE', HttpStatus.SERVICE_UNAVAILABLE, 'Service is unavailable; try again shortly', {
      'Retry-After': '5',
    }),
};
