import { HttpStatus } from '@nestjs/common';
import { BEARER_REALM, DomainError } from '../common/index.js';

/** The failures of this module that the API promises to clients (stable codes; see docs/http-api.md). */
export const AuthorizationErrors = {
  tokenMissing: () =>
    new DomainError('AUTH_TOKEN_MISSING', HttpStatus.UNAUTHORIZED, 'Authentication required', {
      'WWW-Authenticate': BEARER_REALM,
    }),
  // RFC 6750 §3: a token was sent but rejected.
  tokenInvalid: () =>
    new DomainError('AUTH_TOKEN_INVALID', HttpStatus.UNAUTHORIZED, 'Invalid or expired token', {
      'WWW-Authenticate': `${BEARER_REALM}, error="invalid_token"`,
    }),
  forbiddenRole: () => new DomainError('AUTH_FORBIDDEN', HttpStatus.FORBIDDEN, 'Insufficient role'),
  apiKeyNotAllowed: () =>
    new DomainError('AUTH_API_KEY_NOT_ALLOWED', HttpStatus.FORBIDDEN, 'This route does not accept API keys; use an access token'),
  mfaRequired: () => new DomainError('AUTH_MFA_REQUIRED', HttpStatus.FORBIDDEN, 'This route needs a login with a second factor'),
  reauthRequired: () => new DomainError('AUTH_REAUTH_REQUIRED', HttpStatus.FORBIDDEN, 'This route needs a recent login; sign in again'),
};
