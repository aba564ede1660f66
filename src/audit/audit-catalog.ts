import { LoginLocked } from '../abuse/index.js';
import { AdminBootstrapChecked, LoggedOut, LoginFailed, LoginSucceeded } from '../auth/index.js';
import { SYSTEM, userActor } from '../events/index.js';
import { RefreshTokenReused } from '../sessions/index.js';
import { SigningKeyRotated } from '../tokens/index.js';
import { ServiceAccountCreated, UserCreated, UserDeleted, UserPasswordChanged, UserRolesChanged, UserStatusChanged } from '../users/index.js';
import {
  EmailChangeConfirmed,
  EmailChangeRequested,
  EmailVerificationSent,
  EmailVerified,
  PasswordResetCompleted,
  PasswordResetRequested,
  RecoveryTokenRejected,
} from '../recovery/index.js';
import {
  DataKeyResealed,
  MfaChallengeFailed,
  MfaChallengePassed,
  MfaDisabled,
  MfaEnabled,
  MfaReset,
  PasskeyAdded,
  PasskeyRemoved,
  PasskeyUsed,
  RecoveryCodesRenewed,
  RecoveryCodeUsed,
} from '../mfa/index.js';
import { ApiKeyCreated, ApiKeyExpiredUseRefused, ApiKeyRevoked } from '../api-keys/index.js';
import type { Actor } from '../events/index.js';
import type { AuditRecord } from './audit-record.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EventClass<E> = abstract new (...args: any[]) => E;

/**
 * How one domain event class becomes an audit row. `withoutWrite`: the event changes nothing in the database (a failed
 * login, a lockout), so it is appended later in a batch and never slows or fails the request; every other event is
 * appended in the transaction of the write that caused it (`inTransaction`), or in its own, awaited, when its write is
 * not in the database (a key file).
 */
export interface AuditEntry<E extends object = object> {
  event: EventClass<E>;
  record: (event: E) => AuditRecord;
  withoutWrite?: boolean;
}

const entry = <E extends object>(event: EventClass<E>, record: (event: E) => AuditRecord, withoutWrite = false): AuditEntry =>
  ({ event, record, withoutWrite }) as unknown as AuditEntry;

/**
 * Every audited event, one line each: add an entry here for a new event class (API.md lists the types that must be
 * covered). The request's IP and user agent are filled in from the HTTP request when the event does not carry them.
 */
export const AUDIT_CATALOG: readonly AuditEntry[] = [
  entry(LoginSucceeded, (e) => ({
    type: 'login.succeeded',
    actor: userActor(e.userId),
    subjectId: e.userId,
    sessionId: e.sessionId,
    ip: e.ip,
    outcome: 'success',
  })),
  entry(
    LoginFailed,
    (e) => ({
      type: 'login.failed',
      actor: e.userId ? userActor(e.userId) : SYSTEM,
      subjectId: e.userId,
      ip: e.ip,
      outcome: 'failure',
      details: { knownAccount: e.userId !== undefined },
    }),
    true,
  ),
  entry(
    LoginLocked,
    (e) => ({
      type: 'login.locked',
      actor: SYSTEM,
      ip: e.ip,
      outcome: 'refused',
      // `account` is the lockout's hash of the e-mail (joins the lock with later ones), never the address.
      details: { account: e.account, scope: e.scope, lockSeconds: e.lockSeconds },
    }),
    true,
  ),
  entry(RefreshTokenReused, (e) => ({
    type: 'refresh.reused',
    actor: userActor(e.userId),
    subjectId: e.userId,
    sessionId: e.sessionId,
    outcome: 'refused',
    details: { sessionRevoked: true },
  })),
  entry(LoggedOut, (e) => ({
    type: e.scope === 'all' ? 'logout.all' : 'logout',
    actor: userActor(e.userId),
    subjectId: e.userId,
    sessionId: e.sessionId,
    outcome: 'success',
    details: e.scope === 'all' ? { sessionsRevoked: e.sessions } : {},
  })),
  entry(UserCreated, (e) => ({
    type: 'user.created',
    actor: e.actor === 'self' ? userActor(e.userId) : e.actor,
    subjectId: e.userId,
    outcome: 'success',
    details: { roles: [...e.roles], registration: e.actor === 'self' },
  })),
  entry(UserRolesChanged, (e) => ({
    type: 'user.roles_changed',
    actor: e.actor,
    subjectId: e.userId,
    outcome: 'success',
    details: { roles: [...e.roles] },
  })),
  entry(UserStatusChanged, (e) => ({
    type: e.disabled ? 'user.disabled' : 'user.enabled',
    actor: e.actor,
    subjectId: e.userId,
    outcome: 'success',
  })),
  entry(UserDeleted, (e) => ({ type: 'user.deleted', actor: e.actor, subjectId: e.userId, outcome: 'success' })),
  entry(UserPasswordChanged, (e) => ({
    type: 'password.changed',
    actor: e.actor,
    subjectId: e.userId,
    sessionId: e.keptSessionId,
    outcome: 'success',
  })),
  entry(AdminBootstrapChecked, (e) => ({
    type: 'bootstrap.admin_checked',
    actor: SYSTEM,
    subjectId: e.userId,
    outcome: e.outcome === 'refused' ? 'refused' : 'success',
    details: { result: e.outcome },
  })),
  entry(SigningKeyRotated, (e) => ({
    type: 'signing_key.rotated',
    actor: e.actor,
    outcome: 'success',
    details: { kid: e.kid, signsFrom: e.signsFrom?.toISOString() ?? null },
  })),
  // Account recovery (issue 14). A request without a signed-in caller is the subject acting on its own account, or
  // nobody known (`system`) when the address matched no account; never the address itself.
  entry(PasswordResetRequested, (e) => ({
    type: 'password.reset_requested',
    actor: e.actor === 'anonymous' ? (e.userId ? userActor(e.userId) : SYSTEM) : e.actor,
    subjectId: e.userId,
    ...e.context,
    outcome: e.outcome === 'sent' ? 'success' : 'refused',
    details: { result: e.outcome },
  })),
  entry(PasswordResetCompleted, (e) => ({ type: 'password.reset', actor: e.actor, subjectId: e.userId, ...e.context, outcome: 'success' })),
  entry(EmailVerificationSent, (e) => ({
    type: 'email.verification_sent',
    actor: self(e.actor, e.userId),
    subjectId: e.userId,
    ...e.context,
    outcome: 'success',
    details: { reason: e.reason },
  })),
  entry(EmailVerified, (e) => ({ type: 'email.verified', actor: e.actor, subjectId: e.userId, ...e.context, outcome: 'success' })),
  entry(EmailChangeRequested, (e) => ({
    type: 'email.change_requested',
    actor: e.actor,
    subjectId: e.userId,
    sessionId: e.sessionId,
    ...e.context,
    outcome: 'success',
  })),
  entry(EmailChangeConfirmed, (e) => ({
    type: 'email.changed',
    actor: e.actor,
    subjectId: e.userId,
    sessionId: e.keptSessionId,
    ...e.context,
    outcome: e.outcome === 'changed' ? 'success' : 'refused',
    details: { result: e.outcome },
  })),
  entry(
    RecoveryTokenRejected,
    (e) => ({
      type: 'recovery.link_rejected',
      actor: SYSTEM,
      subjectId: e.userId,
      ...e.context,
      outcome: 'refused',
      details: { purpose: e.purpose },
    }),
    true,
  ),
  // Second factors (issue 15).
  entry(MfaEnabled, (e) => ({
    type: 'mfa.enabled',
    actor: e.actor,
    subjectId: e.userId,
    ...e.origin,
    outcome: 'success',
    details: { method: e.method },
  })),
  entry(MfaDisabled, (e) => ({
    type: 'mfa.disabled',
    actor: e.actor,
    subjectId: e.userId,
    ...e.origin,
    outcome: 'success',
    details: { method: e.method, mfaStillOn: e.mfaStillOn },
  })),
  entry(DataKeyResealed, (e) => ({
    type: 'data_key.resealed',
    actor: e.actor,
    outcome: 'success',
    details: { keyId: e.keyId, resealed: e.resealed },
  })),
  entry(MfaReset, (e) => ({
    type: 'mfa.reset',
    actor: e.actor,
    subjectId: e.userId,
    outcome: 'success',
    details: { ...e.removed },
  })),
  entry(RecoveryCodesRenewed, (e) => ({
    type: 'mfa.recovery_codes_renewed',
    actor: e.actor,
    subjectId: e.userId,
    ...e.origin,
    outcome: 'success',
    details: { count: e.count },
  })),
  entry(RecoveryCodeUsed, (e) => ({
    type: 'mfa.recovery_code_used',
    actor: userActor(e.userId),
    subjectId: e.userId,
    ...e.origin,
    outcome: 'success',
    details: { remaining: e.remaining },
  })),
  entry(PasskeyAdded, (e) => ({
    type: 'passkey.added',
    actor: e.actor,
    subjectId: e.userId,
    ...e.origin,
    outcome: 'success',
    details: { passkeyId: e.passkeyId, name: e.name },
  })),
  entry(PasskeyRemoved, (e) => ({
    type: 'passkey.removed',
    actor: e.actor,
    subjectId: e.userId,
    ...e.origin,
    outcome: 'success',
    details: { passkeyId: e.passkeyId },
  })),
  entry(PasskeyUsed, (e) => ({
    type: 'passkey.used',
    actor: userActor(e.userId),
    subjectId: e.userId,
    ...e.origin,
    outcome: 'success',
    details: { passkeyId: e.passkeyId, purpose: e.purpose },
  })),
  entry(
    MfaChallengePassed,
    (e) => ({
      type: 'mfa.challenge_passed',
      actor: userActor(e.userId),
      subjectId: e.userId,
      ...e.origin,
      outcome: 'success',
      details: { method: e.method },
    }),
    true,
  ),
  entry(
    MfaChallengeFailed,
    (e) => ({
      type: 'mfa.challenge_failed',
      actor: e.userId ? userActor(e.userId) : SYSTEM,
      subjectId: e.userId,
      ...e.origin,
      outcome: 'failure',
      details: { method: e.method, reason: e.reason },
    }),
    true,
  ),
  // Machine clients (issue 16): the key's public id and prefix identify it; the key and its hash never appear.
  entry(ServiceAccountCreated, (e) => ({
    type: 'service_account.created',
    actor: e.actor,
    subjectId: e.userId,
    outcome: 'success',
    details: { roles: [...e.roles] },
  })),
  entry(ApiKeyCreated, (e) => ({
    type: 'api_key.created',
    actor: e.actor,
    subjectId: e.ownerId,
    ...e.origin,
    outcome: 'success',
    details: { keyId: e.keyId, prefix: e.prefix, roles: [...e.roles], expiresAt: e.expiresAt?.toISOString() ?? null },
  })),
  entry(ApiKeyRevoked, (e) => ({
    type: 'api_key.revoked',
    actor: e.actor,
    subjectId: e.ownerId,
    ...e.origin,
    outcome: 'success',
    details: { keyId: e.keyId, prefix: e.prefix },
  })),
  entry(
    ApiKeyExpiredUseRefused,
    (e) => ({
      type: 'api_key.expired_use',
      actor: userActor(e.ownerId),
      subjectId: e.ownerId,
      ...e.origin,
      outcome: 'refused',
      details: { keyId: e.keyId, prefix: e.prefix },
    }),
    true,
  ),
];

/** A flow's `self` actor is the subject acting on its own account. */
function self(actor: Actor | 'self', userId: string): Actor {
  return actor === 'self' ? userActor(userId) : actor;
}
