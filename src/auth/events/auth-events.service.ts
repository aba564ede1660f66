import { Injectable } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';

/**
 * The security audit trail: one structured line per auth event, with the request id bound by pino-http.
 * Only ids and addresses go in; never an email (people type passwords into it), a password or a token.
 */
@Injectable()
export class AuthEventsService {
  constructor(@InjectPinoLogger('AuthEvents') private readonly logger: PinoLogger) {}

  loginSucceeded(userId: string, ip?: string): void {
    this.logger.info({ event: 'login.success', userId, ip }, 'login succeeded');
  }

  /** `userId` is undefined when no account has that email. */
  loginFailed(userId: string | undefined, ip?: string): void {
    this.logger.info({ event: 'login.failure', userId, knownAccount: userId !== undefined, ip }, 'login failed');
  }

  /** `account` is the counter key (a hash of the email), enough to correlate lines without the address. */
  loginLocked(account: string, lockSeconds: number, ip?: string): void {
    this.logger.warn({ event: 'login.lockout', account, lockSeconds, ip }, 'account locked after repeated failed logins');
  }

  refreshReused(sessionId: string, userId: string): void {
    this.logger.warn({ event: 'refresh.reuse', sessionId, userId }, 'refresh token reused; session revoked');
  }

  rolesChanged(actorId: string, userId: string, roles: readonly string[]): void {
    this.logger.info({ event: 'admin.roles_changed', actorId, userId, roles }, 'roles changed by an admin');
  }

  statusChanged(actorId: string, userId: string, disabled: boolean): void {
    this.logger.info({ event: 'admin.status_changed', actorId, userId, disabled }, 'account status changed by an admin');
  }

  /** Start-up created the ADMIN_EMAIL account with the admin role. */
  bootstrapAdminCreated(userId: string): void {
    this.logger.info({ event: 'bootstrap.admin_created', userId }, 'bootstrap admin account created');
  }

  /** Start-up refused: the ADMIN_EMAIL account exists but is not an admin (a squatter, or demoted on purpose). */
  bootstrapAdminRefused(userId: string): void {
    this.logger.error({ event: 'bootstrap.admin_refused', userId }, 'ADMIN_EMAIL names an existing account that is not an admin; not promoted');
  }

  /** The ADMIN_EMAIL admin is disabled and stays so: start-up never re-enables an account. */
  bootstrapAdminDisabled(userId: string): void {
    this.logger.warn({ event: 'bootstrap.admin_disabled', userId }, 'bootstrap admin account is disabled; left disabled');
  }
}
