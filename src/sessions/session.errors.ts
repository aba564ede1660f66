import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../common/index.js';

/** The failures of this module that the API promises to clients (stable codes; see docs/http-api.md). */
export const SessionErrors = {
  refreshInvalid: () => new DomainError('AUTH_REFRESH_INVALID', HttpStatus.UNAUTHORIZED, 'Invalid refresh token'),
  refreshReused: () => new DomainError('AUTH_REFRESH_REUSED', HttpStatus.UNAUTHORIZED, 'Refresh token was already used; session revoked'),
  sessionNotFound: () => new DomainError('SESSION_NOT_FOUND', HttpStatus.NOT_FOUND, 'Session not found'),
  revocationUnavailable: () =>
    new DomainError('REVOCATION_UNAVAILABLE', HttpStatus.SERVICE_UNAVAILABLE, 'Revocation state is unavailable; try again shortly'),
};
