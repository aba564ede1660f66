import type { Actor } from '../events/index.js';

/** The HTTP request behind a step, when there is one (the operator CLI has none). */
export interface RequestContext {
  ip?: string;
  userAgent?: string;
}

/**
 * POST /auth/password/forgot (or the CLI's send-password-reset) was handled. The HTTP answer is the same whatever
 * happened; `outcome` says what did: a mail was queued, or why none was. `userId` is undefined for an unknown address.
 */
export class PasswordResetRequested {
  constructor(
    readonly actor: Actor | 'anonymous',
    readonly userId: string | undefined,
    readonly outcome: 'sent' | 'unknown-account' | 'disabled' | 'rate-limited',
    readonly context: RequestContext,
  ) {}
}

/** A reset link set a new password: every session was revoked, the lockout cleared, the other reset links killed. */
export class PasswordResetCompleted {
  constructor(
    readonly actor: Actor,
    readonly userId: string,
    readonly context: RequestContext,
  ) {}
}

/** A verification link was sent to the account's address (after registration, on request, or by an operator). */
export class EmailVerificationSent {
  constructor(
    readonly actor: Actor | 'self',
    readonly userId: string,
    readonly reason: 'registration' | 'resend',
    readonly context: RequestContext,
  ) {}
}

/** The account's address is verified (a link, or an operator's `verify-email`). */
export class EmailVerified {
  constructor(
    readonly actor: Actor,
    readonly userId: string,
    readonly context: RequestContext,
  ) {}
}

/** A signed-in user asked to move the account to another address; a confirmation link went there. */
export class EmailChangeRequested {
  constructor(
    readonly actor: Actor,
    readonly userId: string,
    readonly sessionId: string,
    readonly context: RequestContext,
  ) {}
}

/**
 * The new address was confirmed: the account uses it, the sessions but `keptSessionId` were revoked and a notice
 * went to the old address; `outcome` `taken` means another account got the address first (409).
 */
export class EmailChangeConfirmed {
  constructor(
    readonly actor: Actor,
    readonly userId: string,
    readonly keptSessionId: string | undefined,
    readonly outcome: 'changed' | 'taken',
    readonly context: RequestContext,
  ) {}
}

/** A link was presented that is unknown, expired, spent, or no longer matches the account (400). */
export class RecoveryTokenRejected {
  constructor(
    readonly purpose: 'password-reset' | 'email-verification' | 'email-change',
    readonly userId: string | undefined,
    readonly context: RequestContext,
  ) {}
}
