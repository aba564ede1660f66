import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { LoginLockoutService } from '../abuse/index.js';
import { PasswordHasherService } from '../auth/index.js';
import type { MailConfig, RecoveryConfig } from '../config/index.js';
import { type Actor, DomainEventBus, inTransaction, userActor } from '../events/index.js';
import { DataSource } from 'typeorm';
import { MailQueue } from '../mail/index.js';
import { type User, UsersService } from '../users/index.js';
import { recoveryLink } from './recovery-links.js';
import { PasswordResetCompleted, PasswordResetRequested, RecoveryTokenRejected, type RequestContext } from './recovery.events.js';
import { RecoveryErrors } from './recovery.errors.js';
import { RecoveryTokensService } from './recovery-tokens.service.js';

/**
 * Forgot password and reset. A reset sets the password through `users`, whose UserPasswordChanged event makes
 * `sessions` revoke every session (access tokens included) at once; it also clears the login lockout and kills
 * every other reset link.
 */
@Injectable()
export class PasswordResetService implements BeforeApplicationShutdown {
  private readonly recovery: RecoveryConfig;
  private readonly appUrl: string;
  private readonly background = new Set<Promise<unknown>>();

  constructor(
    private readonly users: UsersService,
    private readonly tokens: RecoveryTokensService,
    private readonly hasher: PasswordHasherService,
    private readonly lockout: LoginLockoutService,
    private readonly mail: MailQueue,
    private readonly events: DomainEventBus,
    private readonly dataSource: DataSource,
    @InjectPinoLogger('PasswordReset') private readonly logger: PinoLogger,
    @Inject(ConfigService) config: ConfigService,
  ) {
    this.recovery = config.getOrThrow<RecoveryConfig>('recovery');
    this.appUrl = config.getOrThrow<MailConfig>('mail').appUrl;
  }

  /**
   * POST /auth/password/forgot: the answer goes out before any of the work is done, so that it is the same in body
   * and in time whether the address is unknown, disabled, rate limited or real. Failures are logged, never answered.
   */
  requestInBackground(email: string, context: RequestContext): void {
    // setImmediate: not even the synchronous start of the lookup runs before the answer is written.
    const work = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.request(email, 'anonymous', context))
      .catch((error: unknown) => this.logger.error({ event: 'password_reset.request_failed', err: error }, 'password reset request failed'))
      .finally(() => this.background.delete(work));
    this.background.add(work);
  }

  /** Sends a reset link to the account with this address when it may have one; says what happened. */
  async request(email: string, actor: Actor | 'anonymous', context: RequestContext): Promise<PasswordResetRequested['outcome']> {
    const user = await this.users.findByEmail(email);
    // The link and its audit row commit together; the mail goes once they have.
    const { outcome, send } = await inTransaction(this.dataSource, async () => {
      const link = await this.issueLink(user, context);
      await this.events.publish(new PasswordResetRequested(actor, user?.id, link.outcome, context));
      return link;
    });
    send?.();
    return outcome;
  }

  /** POST /auth/password/reset. */
  async reset(token: string, newPassword: string, context: RequestContext): Promise<void> {
    const row = await this.tokens.findLive(token, 'password-reset');
    const user = row ? await this.users.findById(row.userId) : null;
    // A link sent to an address the account no longer has (e-mail changed since) proves nothing.
    if (!row || !user || user.disabled || user.email !== row.email) return this.rejected(row?.userId, context);
    const passwordHash = await this.hasher.hash(newPassword);
    const actor = userActor(user.id);
    // The link is spent with the new password, the revocations and the audit rows, or not at all.
    const reset = await inTransaction(this.dataSource, async () => {
      if (!(await this.tokens.claim(row))) return false;
      await this.tokens.kill(user.id, 'password-reset');
      await this.users.setPasswordHash(user.id, passwordHash, actor);
      // The link reached the inbox, so the address is the owner's.
      if (!user.emailVerified) await this.users.markEmailVerified(user.id, row.email, actor);
      await this.events.publish(new PasswordResetCompleted(actor, user.id, context));
      return true;
    });
    if (!reset) return this.rejected(row.userId, context);
    // The password is set and the sessions are revoked by now: a lockout store that is down must not turn that into
    // an error (the spent link could not be used again); the lock then ends at its own time.
    await this.lockout
      .clearAfterReset(user.email, context.ip)
      .catch((error: unknown) =>
        this.logger.warn({ event: 'password_reset.lockout_not_cleared', userId: user.id, err: error }, 'could not clear the login lockout'),
      );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.background]);
  }

  /** The link when the account may have one, and how to send it (after the commit). */
  private async issueLink(user: User | null, context: RequestContext): Promise<{ outcome: PasswordResetRequested['outcome']; send?: () => void }> {
    if (!user) return { outcome: 'unknown-account' };
    if (user.disabled) return { outcome: 'disabled' };
    if (context.ip && (await this.tokens.resetsFromIpLastHour(context.ip)) >= this.recovery.resetMailsPerIpPerHour)
      return { outcome: 'rate-limited' };
    const ttlSeconds = this.recovery.passwordResetTtlSeconds;
    const token = await this.tokens.issue(
      { userId: user.id, purpose: 'password-reset', email: user.email, ttlSeconds, requestIp: context.ip },
      this.recovery.mailsPerAccountPerHour,
    );
    if (!token) return { outcome: 'rate-limited' };
    const send = () =>
      this.mail.enqueue({
        template: 'password-reset',
        to: user.email,
        link: recoveryLink(this.appUrl, 'password-reset', token),
        linkTtlSeconds: ttlSeconds,
      });
    return { outcome: 'sent', send };
  }

  private async rejected(userId: string | undefined, context: RequestContext): Promise<never> {
    await this.events.publish(new RecoveryTokenRejected('password-reset', userId, context));
    throw RecoveryErrors.resetTokenInvalid();
  }
}
