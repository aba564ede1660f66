import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../common/index.js';

/** The failures of this module that the API promises to clients (stable codes; see docs/http-api.md). */
export const MfaErrors = {
  /** A wrong, reused or expired code: 400 while managing factors, 401 in the login's second step. */
  codeInvalid: (status: HttpStatus.BAD_REQUEST | HttpStatus.UNAUTHORIZED = HttpStatus.BAD_REQUEST) =>
    new DomainError('AUTH_MFA_CODE_INVALID', status, 'Invalid or already used code'),
  mfaTokenInvalid: () => new DomainError('AUTH_MFA_TOKEN_INVALID', HttpStatus.UNAUTHORIZED, 'Unknown, expired or used MFA token'),
  totpAlreadyOn: () => new DomainError('AUTH_MFA_ALREADY_ENABLED', HttpStatus.CONFLICT, 'TOTP is already on'),
  totpNotPending: () => new DomainError('AUTH_MFA_NOT_PENDING', HttpStatus.BAD_REQUEST, 'No TOTP setup to confirm; start with /auth/mfa/totp/setup'),
  totpOff: () => new DomainError('AUTH_MFA_NOT_ENABLED', HttpStatus.BAD_REQUEST, 'TOTP is not on'),
  mfaOff: () => new DomainError('AUTH_MFA_NOT_ENABLED', HttpStatus.CONFLICT, 'No second factor is on'),
  oneFactorNeeded: () => new DomainError('AUTH_MFA_FACTOR_MISSING', HttpStatus.BAD_REQUEST, 'Send exactly one of code, recoveryCode or passkey'),
  passkeyNotFound: () => new DomainError('PASSKEY_NOT_FOUND', HttpStatus.NOT_FOUND, 'No such passkey'),
  passkeyRegistrationInvalid: () =>
    new DomainError('AUTH_PASSKEY_REGISTRATION_INVALID', HttpStatus.BAD_REQUEST, 'The passkey registration could not be verified'),
  /** Every passkey sign-in failure alike: unknown credential, bad signature, used challenge, cloned authenticator. */
  passkeyInvalid: () => new DomainError('AUTH_PASSKEY_INVALID', HttpStatus.UNAUTHORIZED, 'Passkey sign-in failed'),
};
