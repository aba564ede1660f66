import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../common/index.js';

/** The failures of this module that the API promises to clients (stable codes; see docs/http-api.md). */
export const AuthErrors = {
  invalidCredentials: () => new DomainError('AUTH_INVALID_CREDENTIALS', HttpStatus.UNAUTHORIZED, 'Invalid credentials'),
  wrongPassword: () => new DomainError('AUTH_WRONG_PASSWORD', HttpStatus.UNAUTHORIZED, 'Current password is wrong'),
  accountDisabled: () => new DomainError('AUTH_ACCOUNT_DISABLED', HttpStatus.FORBIDDEN, 'Account is disabled'),
  emailNotVerified: () =>
    new DomainError('AUTH_EMAIL_NOT_VERIFIED', HttpStatus.FORBIDDEN, 'Confirm your e-mail address first (see the link we sent)'),
  // The argon2 queue is full or too slow: refusing at once beats making every later login wait behind a flood.
  authBusy: () =>
    new DomainError('AUTH_BUSY', HttpStatus.SERVICE_UNAVAILABLE, 'Too many sign-ins in progress; try again shortly', {
      'Retry-After': '2',
    }),
};
