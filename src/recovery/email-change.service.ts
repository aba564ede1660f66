import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LoginLockoutService } from '../abuse/index.js';
import { AuthErrors, PasswordHasherService } from '../auth/index.js';
import type { AuthUser } from '../authorization/index.js';
import { DomainError } from '../common/index.js';
import type { MailConfig, RecoveryConfig } from '../config/index.js';
import { DomainEventBus, inTransaction, userActor } from '../events/index.js';
import { DataSource } from 'typeorm';
import { MailQueue } from '../mail/index.js';
import { normalizeEmail, type User, UserErrors, UsersService } from '../users/index.js';
import { recoveryLink } from './recovery-links.js';
import { EmailChangeConfirmed, EmailChangeRequested, RecoveryTokenRejected, type RequestContext } from './recovery.events.js';
import { RecoveryErrors } from './recovery.errors.js';
import { RecoveryTokensService } from './recovery-tokens.service.js';

/**
 * Moving an account to another address: the current password, then a link to the new address; confirming it
 * changes the address (the unique index decides between two accounts racing for one address), revokes the other
 * sessions through UserEmailChanged, and tells the old address.
 */
@Injectable()
export class EmailChangeService {
  private readonly recovery: RecoveryConfig;
  private readonly appUrl: string;

  constructor(
    private readonly users: UsersService,
    private readonly tokens: RecoveryTokensService,
    private readonly hasher: PasswordHasherService,
    private readonly lockout: LoginLockoutService,
    private readonly mail: MailQueue,
    private readonly events: DomainEventBus,
    private readonly dataSource: DataSource,
    @Inject(ConfigService) config: ConfigService,
  ) {
    this.recovery = config.getOrThrow<RecoveryConfig>('recovery');
    this.appUrl = config.getOrThrow<MailConfig>('mail').appUrl;
  }

  /** POST /auth/email/change. A wrong password counts toward the lockout, as for a password change. */
  async request(caller: AuthUser, newEmail: string, currentPassword: string, context: RequestContext): Promise<void> {
    const user = await this.users.findById(caller.id);
    if (!user) throw UserErrors.userNotFound();
    await this.checkPassword(user, currentPassword, context.ip);
    const address = normalizeEmail(newEmail);
    if (address === user.email) throw RecoveryErrors.sameEmail();
    if (await this.users.findByEmail(address)) throw UserErrors.emailTaken();
    const ttlSeconds = this.recovery.emailChangeTtlSeconds;
    // The link and its audit row commit together, and only then is the mail sent.
    const token = await inTransaction(this.dataSource, async () => {
      const issued = await this.tokens.issue(
        { userId: user.id, purpose: 'email-change', email: address, ttlSeconds, sessionId: caller.sid, requestIp: context.ip },
        this.recovery.mailsPerAccountPerHour,
      );
      if (issued) await this.events.publish(new EmailChangeRequested(userActor(user.id), user.id, caller.sid, context));
      return issued;
    });
    if (!token) throw RecoveryErrors.tooManyMails(await this.tokens.retryAfterSeconds(user.id, 'email-change'));
    this.mail.enqueue({ template: 'email-change', to: address, link: recoveryLink(this.appUrl, 'email-change', token), linkTtlSeconds: ttlSeconds });
  }

  /** POST /auth/email/change/confirm. */
  async confirm(token: string, context: RequestContext): Promise<User> {
    const row = await this.tokens.findLive(token, 'email-change');
    const user = row ? await this.users.findById(row.userId) : null;
    const rejected = async (): Promise<never> => {
      await this.events.publish(new RecoveryTokenRejected('email-change', row?.userId, context));
      throw RecoveryErrors.emailTokenInvalid();
    };
    if (!row || !user || user.disabled) return rejected();
    const actor = userActor(user.id);
    const keptSessionId = row.sessionId ?? undefined;
    let changed: User | undefined;
    try {
      // The link is spent with the change and its audit row, or not at all.
      changed = await inTransaction(this.dataSource, async () => {
        if (!(await this.tokens.claim(row))) return undefined;
        const moved = await this.users.changeEmail(user.id, row.email, actor, keptSessionId);
        // Links sent to the old address (reset, verification) already fail their address check; these go too.
        await this.tokens.kill(user.id, 'email-change');
        await this.events.publish(new EmailChangeConfirmed(actor, user.id, keptSessionId, 'changed', context));
        return moved;
      });
    } catch (error) {
      // Another account took the address first (its transaction rolled back): the link is spent all the same.
      if (error instanceof DomainError && error.code === 'AUTH_EMAIL_TAKEN' && (await this.tokens.claim(row))) {
        await this.events.publish(new EmailChangeConfirmed(actor, user.id, keptSessionId, 'taken', context));
      }
      throw error;
    }
    if (!changed) return rejected();
    this.mail.enqueue({ template: 'email-changed-notice', to: user.email });
    return changed;
  }

  private async checkPassword(user: User, password: string, ip: string | undefined): Promise<void> {
    const attempt = await this.lockout.begin(user.email, ip);
    let ok: boolean;
    try {
      // A service account has no password: nothing can match it.
      ok = user.passwordHash !== null && (await this.hasher.verify(user.passwordHash, password));
    } catch (error) {
      await this.lockout.abandoned(attempt);
      throw error;
    }
    if (!ok) {
      await this.lockout.failed(attempt);
      throw AuthErrors.wrongPassword();
    }
    await this.lockout.succeeded(attempt);
  }
}
