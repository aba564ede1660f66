import { LoginLocked } from '../../abuse/index.js';
import { AdminBootstrapChecked, LoggedOut, LoginFailed, LoginSucceeded } from '../../auth/index.js';
import { SYSTEM, userActor } from '../../events/index.js';
import { RefreshTokenReused } from '../../sessions/index.js';
import { SigningKeyRotated } from '../../tokens/index.js';
import { UserCreated, UserDeleted, UserPasswordChanged, UserRolesChanged, UserStatusChanged } from '../../users/index.js';
import { entry, type AuditEntry } from './audit-entry.js';

/** Sign-ins, sessions, accounts, start-up and signing keys. */
export const ACCOUNT_EVENTS: readonly AuditEntry[] = [
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
];
