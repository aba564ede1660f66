import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../common/index.js';

/** The failures of this module that the API promises to clients (stable codes; see docs/http-api.md). */
export const RecoveryErrors = {
  resetTokenInvalid: () => new DomainError('AUTH_RESET_TOKEN_INVALID', HttpStatus.BAD_REQUEST, 'The reset link is invalid, expired or already used'),
  verifyTokenInvalid: () =>
    new DomainError('AUTH_VERIFY_TOKEN_INVALID', HttpStatus.BAD_REQUEST, 'The verification link is invalid, expired or already used'),
  emailTokenInvalid: () =>
    new DomainError('AUTH_EMAIL_TOKEN_INVALID', HttpStatus.BAD_REQUEST, 'The confirmation link is invalid, expired or already used'),
  sameEmail: () => new DomainError('AUTH_EMAIL_UNCHANGED', HttpStatus.BAD_REQUEST, 'The new e-mail address is the current one'),
  tooManyMails: (retryAfterSeconds: number) =>
    new DomainError('AUTH_RATE_LIMITED', HttpStatus.TOO_MANY_REQUESTS, 'Too many mails of this kind; try again later', {
      'Retry-After': String(retryAfterSeconds),
    }),
};
