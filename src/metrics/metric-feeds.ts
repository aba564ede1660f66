import { LoginLocked } from '../abuse/index.js';
import { LoggedOut, LoginFailed, LoginSucceeded } from '../auth/index.js';
import { RefreshTokenReused, RefreshTokenRotated } from '../sessions/index.js';
import { UserDeleted, UserPasswordChanged, UserRolesChanged, UserStatusChanged } from '../users/index.js';
import { MfaChallengeFailed, MfaChallengePassed, PasskeyUsed } from '../mfa/index.js';
import { PasswordResetCompleted } from '../recovery/index.js';
import { ApiKeyRevoked } from '../api-keys/index.js';
import type { GatehouseMetrics } from './gatehouse-metrics.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EventClass<E> = abstract new (...args: any[]) => E;

export interface MetricFeed<E extends object = object> {
  event: EventClass<E>;
  count: (metrics: GatehouseMetrics, event: E) => void;
}

const feed = <E extends object>(event: EventClass<E>, count: (metrics: GatehouseMetrics, event: E) => void): MetricFeed =>
  ({ event, count }) as unknown as MetricFeed;

/**
 * Which domain event moves which counter, one line each (as the audit catalogue). API-key uses are counted by the
 * guard (`TokenVerificationCounts`), as token verifications are: they have no event.
 */
export const METRIC_FEEDS: readonly MetricFeed[] = [
  feed(LoginSucceeded, (m) => m.logins.inc({ outcome: 'success' })),
  feed(LoginFailed, (m) => m.logins.inc({ outcome: 'failure' })),
  feed(LoginLocked, (m, e) => m.lockouts.inc({ scope: e.scope })),
  feed(RefreshTokenRotated, (m) => m.refreshes.inc()),
  feed(RefreshTokenReused, (m) => {
    m.reuseDetections.inc();
    m.revocations.inc({ cause: 'refresh_reuse' });
  }),
  feed(LoggedOut, (m, e) => m.revocations.inc({ cause: e.scope === 'all' ? 'logout_all' : 'logout' })),
  feed(UserRolesChanged, (m) => m.revocations.inc({ cause: 'roles_changed' })),
  feed(UserStatusChanged, (m, e) => (e.disabled ? m.revocations.inc({ cause: 'disabled' }) : undefined)),
  feed(UserDeleted, (m) => m.revocations.inc({ cause: 'deleted' })),
  feed(UserPasswordChanged, (m) => m.revocations.inc({ cause: 'password_changed' })),
  feed(MfaChallengePassed, (m) => m.mfa.inc({ outcome: 'passed' })),
  feed(MfaChallengeFailed, (m) => m.mfa.inc({ outcome: 'failed' })),
  feed(PasskeyUsed, (m, e) => (e.purpose === 'login' ? m.mfa.inc({ outcome: 'passkey_login' }) : undefined)),
  feed(PasswordResetCompleted, (m) => m.revocations.inc({ cause: 'password_reset' })),
  feed(ApiKeyRevoked, (m) => m.revocations.inc({ cause: 'api_key_revoked' })),
];
