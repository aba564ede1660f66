import type { Actor } from '../events/index.js';

/** Where a change came from: the request's session, client address and user agent, when there was a request. */
export interface RequestOrigin {
  sessionId?: string;
  ip?: string;
  userAgent?: string;
}

export type SecondFactorMethod = 'totp' | 'recovery_code' | 'webauthn';

/** TOTP was confirmed: a second factor is on. Every other session of the user must end (they were opened without it). */
export class MfaEnabled {
  constructor(
    readonly actor: Actor,
    readonly userId: string,
    readonly method: 'totp',
    readonly origin: RequestOrigin,
  ) {}
}

/** TOTP was turned off (its recovery codes died with it); `mfaStillOn` when passkeys remain. */
export class MfaDisabled {
  constructor(
    readonly actor: Actor,
    readonly userId: string,
    readonly method: 'totp',
    readonly mfaStillOn: boolean,
    readonly origin: RequestOrigin,
  ) {}
}

/**
 * An operator removed every second factor of the account (the user lost them all): TOTP, passkeys and recovery codes.
 * Every session of the user must end, so the next login, with the password alone, is a fresh one.
 */
export class MfaReset {
  constructor(
    readonly actor: Actor,
    readonly userId: string,
    readonly removed: { totp: boolean; passkeys: number; recoveryCodes: number },
  ) {}
}

/** A new set of recovery codes replaced the old one (at TOTP confirmation or on request). Never the codes. */
export class RecoveryCodesRenewed {
  constructor(
    readonly actor: Actor,
    readonly userId: string,
    readonly count: number,
    readonly origin: RequestOrigin,
  ) {}
}

/** A recovery code stood in for a TOTP code; `remaining` unused ones are left. */
export class RecoveryCodeUsed {
  constructor(
    readonly userId: string,
    readonly remaining: number,
    readonly origin: RequestOrigin,
  ) {}
}

export class PasskeyAdded {
  constructor(
    readonly actor: Actor,
    readonly userId: string,
    readonly passkeyId: string,
    readonly name: string,
    readonly origin: RequestOrigin,
  ) {}
}

export class PasskeyRemoved {
  constructor(
    readonly actor: Actor,
    readonly userId: string,
    readonly passkeyId: string,
    readonly origin: RequestOrigin,
  ) {}
}

/** A passkey signed a challenge: a passwordless login (`login`) or the second step after a password (`second-factor`). */
export class PasskeyUsed {
  constructor(
    readonly userId: string,
    readonly passkeyId: string,
    readonly purpose: 'login' | 'second-factor',
    readonly origin: RequestOrigin,
  ) {}
}

/** The second step of a login succeeded. */
export class MfaChallengePassed {
  constructor(
    readonly userId: string,
    readonly method: SecondFactorMethod,
    readonly origin: RequestOrigin,
  ) {}
}

/**
 * A second step or a passkey sign-in failed. `userId` is undefined when no account could be named (an unknown
 * passkey). `reason` is one of: wrong-code, token-invalid, passkey-unknown, passkey-invalid, passkey-cloned,
 * challenge-invalid.
 */
export class MfaChallengeFailed {
  constructor(
    readonly userId: string | undefined,
    readonly method: SecondFactorMethod | 'mfa-token',
    readonly reason: string,
    readonly origin: RequestOrigin,
  ) {}
}

/** The operator resealed every TOTP secret under the current DATA_ENCRYPTION_KEY (`keyId`, its public id). */
export class DataKeyResealed {
  constructor(
    readonly actor: Actor,
    readonly keyId: string,
    readonly resealed: number,
  ) {}
}
