import { Injectable } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { LoginLocked } from '../abuse/index.js';
import { ApiKeyCreated, ApiKeyExpiredUseRefused, ApiKeyRevoked } from '../api-keys/index.js';
import { AdminBootstrapChecked, LoginFailed, LoginSucceeded } from '../auth/index.js';
import { actorLabel, DomainEventBus } from '../events/index.js';
import {
  EmailChangeConfirmed,
  EmailChangeRequested,
  EmailVerificationSent,
  EmailVerified,
  PasswordResetCompleted,
  PasswordResetRequested,
  RecoveryTokenRejected,
} from '../recovery/index.js';
import { RefreshTokenReused } from '../sessions/index.js';
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
import { ServiceAccountCreated, UserCreated, UserDeleted, UserPasswordChanged, UserRolesChanged, UserStatusChanged } from '../users/index.js';

/**
 * The security audit trail as log lines: one structured line per domain event, with the request id bound by
 * pino-http, written here rather than by controllers so that the HTTP API, the operator CLI and start-up leave the
 * same line for the same change. Only ids and addresses go in: never an e-mail (people type passwords into it), a
 * password or a token.
 */
@Injectable()
export class AuditLogListener {
  constructor(
    @InjectPinoLogger('AuthEvents') private readonly logger: PinoLogger,
    bus: DomainEventBus,
  ) {
    bus.subscribe(LoginSucceeded, (e) => this.info('login.success', { userId: e.userId, ip: e.ip }, 'login succeeded'));
    bus.subscribe(LoginFailed, (e) =>
      this.info('login.failure', { userId: e.userId, knownAccount: e.userId !== undefined, ip: e.ip }, 'login failed'),
    );
    bus.subscribe(LoginLocked, (e) =>
      this.warn(
        'login.lockout',
        { account: e.account, scope: e.scope, lockSeconds: e.lockSeconds, ip: e.ip },
        'locked out after repeated failed logins',
      ),
    );
    bus.subscribe(RefreshTokenReused, (e) =>
      this.warn('refresh.reuse', { sessionId: e.sessionId, userId: e.userId }, 'refresh token reused; session revoked'),
    );
    bus.subscribe(AdminBootstrapChecked, (e) => this.bootstrapLine(e));
    this.secondFactorLines(bus);
    bus.subscribe(UserCreated, (e) =>
      this.info(
        'user.created',
        { actorId: e.actor === 'self' ? e.userId : actorLabel(e.actor), userId: e.userId, roles: e.roles },
        'account created',
      ),
    );
    bus.subscribe(UserRolesChanged, (e) =>
      this.info('admin.roles_changed', { actorId: actorLabel(e.actor), userId: e.userId, roles: e.roles }, 'roles changed'),
    );
    bus.subscribe(UserStatusChanged, (e) =>
      this.info('admin.status_changed', { actorId: actorLabel(e.actor), userId: e.userId, disabled: e.disabled }, 'account status changed'),
    );
    bus.subscribe(UserDeleted, (e) => this.info('admin.user_deleted', { actorId: actorLabel(e.actor), userId: e.userId }, 'account deleted'));
    bus.subscribe(UserPasswordChanged, (e) =>
      this.info('password.changed', { actorId: actorLabel(e.actor), userId: e.userId }, 'password changed; other sessions revoked'),
    );
    bus.subscribe(ServiceAccountCreated, (e) =>
      this.info('service_account.created', { actorId: actorLabel(e.actor), userId: e.userId, roles: e.roles }, 'service account created'),
    );
    // The prefix identifies a key in lists; the key and its hash never reach a log line.
    bus.subscribe(ApiKeyCreated, (e) =>
      this.info(
        'api_key.created',
        { actorId: actorLabel(e.actor), userId: e.ownerId, keyId: e.keyId, prefix: e.prefix, roles: e.roles, ip: e.origin.ip },
        'API key created',
      ),
    );
    bus.subscribe(ApiKeyRevoked, (e) =>
      this.info(
        'api_key.revoked',
        { actorId: actorLabel(e.actor), userId: e.ownerId, keyId: e.keyId, prefix: e.prefix, ip: e.origin.ip },
        'API key revoked',
      ),
    );
    bus.subscribe(ApiKeyExpiredUseRefused, (e) =>
      this.warn('api_key.expired_use', { userId: e.ownerId, keyId: e.keyId, prefix: e.prefix, ip: e.origin.ip }, 'expired API key refused'),
    );
    this.subscribeRecovery(bus);
  }

  /** Account recovery (issue 14): ids, outcome and the request's ip and user agent; never an address or a link. */
  private subscribeRecovery(bus: DomainEventBus): void {
    const who = (actor: Parameters<typeof actorLabel>[0] | 'anonymous' | 'self', userId?: string) =>
      actor === 'anonymous' ? 'anonymous' : actor === 'self' ? userId : actorLabel(actor);
    bus.subscribe(PasswordResetRequested, (e) =>
      this.info(
        'password.reset_requested',
        { actorId: who(e.actor), userId: e.userId, outcome: e.outcome, ...e.context },
        'password reset requested',
      ),
    );
    bus.subscribe(PasswordResetCompleted, (e) =>
      this.info('password.reset', { actorId: who(e.actor), userId: e.userId, ...e.context }, 'password reset; every session revoked'),
    );
    bus.subscribe(EmailVerificationSent, (e) =>
      this.info(
        'email.verification_sent',
        { actorId: who(e.actor, e.userId), userId: e.userId, reason: e.reason, ...e.context },
        'verification link sent',
      ),
    );
    bus.subscribe(EmailVerified, (e) =>
      this.info('email.verified', { actorId: who(e.actor), userId: e.userId, ...e.context }, 'e-mail address verified'),
    );
    bus.subscribe(EmailChangeRequested, (e) =>
      this.info(
        'email.change_requested',
        { actorId: who(e.actor), userId: e.userId, sessionId: e.sessionId, ...e.context },
        'e-mail change requested',
      ),
    );
    bus.subscribe(EmailChangeConfirmed, (e) =>
      (e.outcome === 'changed' ? this.info.bind(this) : this.warn.bind(this))(
        'email.changed',
        { actorId: who(e.actor), userId: e.userId, keptSessionId: e.keptSessionId, outcome: e.outcome, ...e.context },
        e.outcome === 'changed' ? 'e-mail address changed; other sessions revoked' : 'e-mail change refused: address taken',
      ),
    );
    bus.subscribe(RecoveryTokenRejected, (e) =>
      this.warn('recovery.token_rejected', { purpose: e.purpose, userId: e.userId, ...e.context }, 'invalid, expired or used link'),
    );
  }

  /** Issue 15's events: ids, methods and reasons only, never a code, secret or token. */
  private secondFactorLines(bus: DomainEventBus): void {
    const where = (o: { sessionId?: string; ip?: string }) => ({ sessionId: o.sessionId, ip: o.ip });
    bus.subscribe(MfaEnabled, (e) =>
      this.info(
        'mfa.enabled',
        { actorId: actorLabel(e.actor), userId: e.userId, method: e.method, ...where(e.origin) },
        'second factor turned on; other sessions revoked',
      ),
    );
    bus.subscribe(MfaDisabled, (e) =>
      this.info(
        'mfa.disabled',
        { actorId: actorLabel(e.actor), userId: e.userId, method: e.method, mfaStillOn: e.mfaStillOn, ...where(e.origin) },
        'second factor turned off',
      ),
    );
    bus.subscribe(DataKeyResealed, (e) =>
      this.info(
        'data_key.resealed',
        { actorId: actorLabel(e.actor), keyId: e.keyId, resealed: e.resealed },
        'TOTP secrets resealed under the current data key',
      ),
    );
    bus.subscribe(MfaReset, (e) =>
      this.warn(
        'mfa.reset',
        { actorId: actorLabel(e.actor), userId: e.userId, ...e.removed },
        'every second factor removed by an operator; every session revoked',
      ),
    );
    bus.subscribe(RecoveryCodesRenewed, (e) =>
      this.info(
        'mfa.recovery_codes_renewed',
        { actorId: actorLabel(e.actor), userId: e.userId, count: e.count, ...where(e.origin) },
        'recovery codes renewed',
      ),
    );
    bus.subscribe(RecoveryCodeUsed, (e) =>
      this.info('mfa.recovery_code_used', { userId: e.userId, remaining: e.remaining, ...where(e.origin) }, 'recovery code used'),
    );
    bus.subscribe(PasskeyAdded, (e) =>
      this.info('passkey.added', { actorId: actorLabel(e.actor), userId: e.userId, passkeyId: e.passkeyId, ...where(e.origin) }, 'passkey added'),
    );
    bus.subscribe(PasskeyRemoved, (e) =>
      this.info('passkey.removed', { actorId: actorLabel(e.actor), userId: e.userId, passkeyId: e.passkeyId, ...where(e.origin) }, 'passkey removed'),
    );
    bus.subscribe(PasskeyUsed, (e) =>
      this.info('passkey.used', { userId: e.userId, passkeyId: e.passkeyId, purpose: e.purpose, ...where(e.origin) }, 'passkey used'),
    );
    bus.subscribe(MfaChallengePassed, (e) =>
      this.info('mfa.challenge_passed', { userId: e.userId, method: e.method, ...where(e.origin) }, 'second factor accepted'),
    );
    bus.subscribe(MfaChallengeFailed, (e) =>
      this.warn('mfa.challenge_failed', { userId: e.userId, method: e.method, reason: e.reason, ...where(e.origin) }, 'second factor refused'),
    );
  }

  private bootstrapLine(e: AdminBootstrapChecked): void {
    if (e.outcome === 'created') this.info('bootstrap.admin_created', { userId: e.userId }, 'bootstrap admin account created');
    else if (e.outcome === 'refused') {
      this.logger.error(
        { event: 'bootstrap.admin_refused', userId: e.userId },
        'ADMIN_EMAIL names an existing account that is not an admin; not promoted',
      );
    } else this.warn('bootstrap.admin_disabled', { userId: e.userId }, 'bootstrap admin account is disabled; left disabled');
  }

  private info(event: string, fields: Record<string, unknown>, message: string): void {
    this.logger.info({ event, ...fields }, message);
  }

  private warn(event: string, fields: Record<string, unknown>, message: string): void {
    this.logger.warn({ event, ...fields }, message);
  }
}
