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

  /**
   * `account` is a hash of the email, enough to correlate lines without the address. `scope` says who is locked
   * out: the client at `ip`, or every client new to the account.
   */
  loginLocked(account: string, lockSeconds: number, ip: string | undefined, scope: 'client' | 'account'): void {
    this.logger.warn({ event: 'login.lockout', account, scope, lockSeconds, ip }, 'locked out after repeated failed logins');
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
}
