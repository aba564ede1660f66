import type { AuthUser } from '../authorization/index.js';
import type { User } from '../users/index.js';

/**
 * Checks the caller's current password, counted by the login lockout like any password check. Provided by the
 * module that owns passwords (`auth`), which registers TotpController beside its own: `mfa` never imports `auth`.
 */
export interface PasswordConfirmation {
  /** The caller's account when the password is right; throws 401 AUTH_WRONG_PASSWORD (or 429 when locked) otherwise. */
  confirmPassword(caller: AuthUser, ip: string | undefined, password: string): Promise<User>;
}

export const PASSWORD_CONFIRMATION = Symbol('PASSWORD_CONFIRMATION');
