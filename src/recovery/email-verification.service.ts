import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { MailConfig, RecoveryConfig } from '../config/index.js';
import { type Actor, afterCommit, DomainEventBus, inTransaction, userActor } from '../events/index.js';
import { DataSource } from 'typeorm';
import { MailQueue } from '../mail/index.js';
import { type User, UserCreated, UsersService, UserErrors } from '../users/index.js';
import { recoveryLink } from './recovery-links.js';
import { EmailVerificationSent, EmailVerified, RecoveryTokenRejected, type RequestContext } from './recovery.events.js';
import { RecoveryErrors } from './recovery.errors.js';
import { RecoveryTokensService } from './recovery-tokens.service.js';

/**
 * Proof that an account's address is its owner's: a link after registration (on UserCreated, so the register flow
 * does not know about mail), a new one on request, and the link's use. Accounts made by an operator or start-up
 * are verified from the start.
 */
@Injectable()
export class EmailVerificationService {
  private readonly recovery: RecoveryConfig;
  private readonly appUrl: string;

  constructor(
    private readonly users: UsersService,
    private readonly tokens: RecoveryTokensService,
    private readonly mail: MailQueue,
    private readonly events: DomainEventBus,
    @InjectPinoLogger('EmailVerification') private readonly logger: PinoLogger,
    private readonly dataSource: DataSource,
    @Inject(ConfigService) config: ConfigService,
  ) {
    this.recovery = config.getOrThrow<RecoveryConfig>('recovery');
    this.appUrl = config.getOrThrow<MailConfig>('mail').appUrl;
    // After the account's transaction commits: the link row refers to the user (another connection on PostgreSQL
    // would not see it yet), and a registration that rolled back gets no mail.
    events.subscribe(UserCreated, async (e) => {
      if (e.actor !== 'self') return;
      const send = () => this.afterRegistration(e.userId);
      if (!afterCommit(this.dataSource, send)) await send();
    });
  }

  /** POST /auth/email/verify/resend: a new link (older ones die); nothing is sent to an already verified address. */
  async resend(userId: string, context: RequestContext): Promise<void> {
    const user = await this.users.getById(userId);
    if (user.emailVerified) return;
    await this.sendLink(user, userActor(user.id), 'resend', context);
  }

  /** POST /auth/email/verify. */
  async verify(token: string, context: RequestContext): Promise<void> {
    const row = await this.tokens.findLive(token, 'email-verification');
    const user = row ? await this.users.findById(row.userId) : null;
    // The link is spent in the same transaction as the change and its audit row: if they fail, it still works.
    const verified =
      row &&
      user &&
      user.email === row.email &&
      (await this.inTransaction(async () => {
        const actor = userActor(user.id);
        if (!(await this.tokens.claim(row)) || !(await this.users.markEmailVerified(user.id, row.email, actor))) return false;
        await this.tokens.kill(user.id, 'email-verification');
        await this.events.publish(new EmailVerified(actor, user.id, context));
        return true;
      }));
    if (!verified) {
      await this.events.publish(new RecoveryTokenRejected('email-verification', row?.userId, context));
      throw RecoveryErrors.verifyTokenInvalid();
    }
  }

  /** The operator CLI's verify-email: the operator vouches for the address. */
  async verifyByOperator(email: string, actor: Actor): Promise<User> {
    const user = await this.users.findByEmail(email);
    if (!user) throw UserErrors.userNotFound();
    if (!user.emailVerified) {
      await this.inTransaction(async () => {
        if (!(await this.users.markEmailVerified(user.id, user.email, actor))) return;
        await this.tokens.kill(user.id, 'email-verification');
        await this.events.publish(new EmailVerified(actor, user.id, {}));
      });
    }
    return this.users.getById(user.id);
  }

  /**
   * A failure here must not fail the registration (the account exists by now, and a 500 would make the user try
   * again with a taken address): it is logged, and the user asks for a new link.
   */
  private async afterRegistration(userId: string): Promise<void> {
    try {
      await this.sendLink(await this.users.getById(userId), 'self', 'registration', {});
    } catch (error) {
      this.logger.error({ event: 'email_verification.send_failed', userId, err: error }, 'could not queue the verification mail');
    }
  }

  /** The link, its audit row and then the mail: a link whose row could not be stored is never sent. */
  private async sendLink(user: User, actor: Actor | 'self', reason: EmailVerificationSent['reason'], context: RequestContext): Promise<void> {
    const ttlSeconds = this.recovery.emailVerificationTtlSeconds;
    const token = await this.inTransaction(async () => {
      const issued = await this.tokens.issue(
        { userId: user.id, purpose: 'email-verification', email: user.email, ttlSeconds, requestIp: context.ip },
        this.recovery.mailsPerAccountPerHour,
      );
      if (issued) await this.events.publish(new EmailVerificationSent(actor, user.id, reason, context));
      return issued;
    });
    if (!token) throw RecoveryErrors.tooManyMails(await this.tokens.retryAfterSeconds(user.id, 'email-verification'));
    this.mail.enqueue({
      template: 'email-verification',
      to: user.email,
      link: recoveryLink(this.appUrl, 'email-verification', token),
      linkTtlSeconds: ttlSeconds,
    });
  }

  private inTransaction<T>(work: () => Promise<T>): Promise<T> {
    return inTransaction(this.dataSource, work);
  }
}
