import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createHash } from 'node:crypto';
import type { SecurityConfig } from '../config/index.js';
import { DomainEventBus } from '../events/index.js';
import { normalizeEmail } from '../users/index.js';
import { LoginLocked } from './abuse.events.js';
import { LOGIN_ATTEMPT_STORE, type LoginAttemptStore, type LoginPolicy } from './login-attempt-store.js';
import { loginClientOf } from './login-client.js';
import { AbuseErrors } from './abuse.errors.js';

/** One password check in progress: the counters it was counted in. */
export interface LoginAttempt {
  /** Hash of the email: names the account in events without the address. */
  readonly account: string;
  /** Hash of the account and the client. */
  readonly client: string;
  /** False for a client the account has logged in from: it is exempt from the account-wide counter. */
  readonly accountWide: boolean;
  readonly ip?: string;
}

/**
 * Brute-force protection for every password check (login, password change). Counts by email whether or not an
 * account has it, so a lock says nothing about which emails exist; a lock refuses even the right password.
 *
 * Two counters, so that strangers cannot lock the owner out:
 * - per account and client (IP, or IPv6 /64): LOGIN_MAX_FAILURES locks that client only;
 * - per account across every client it has never logged in from: LOGIN_ACCOUNT_MAX_FAILURES (10x by default)
 *   locks those clients, which stops a guesser spread over many addresses, while clients that logged in to the
 *   account successfully within LOGIN_KNOWN_CLIENT_TTL keep their own counter only.
 */
@Injectable()
export class LoginLockoutService {
  private readonly clientPolicy: LoginPolicy;
  private readonly accountPolicy: LoginPolicy;
  private readonly knownClientSeconds: number;

  constructor(
    @Inject(LOGIN_ATTEMPT_STORE) private readonly store: LoginAttemptStore,
    private readonly events: DomainEventBus,
    @Inject(ConfigService) config: ConfigService,
  ) {
    const security = config.getOrThrow<SecurityConfig>('security');
    this.clientPolicy = {
      maxFailures: security.loginMaxFailures,
      windowSeconds: security.loginWindowSeconds,
      lockSeconds: security.loginLockSeconds,
    };
    this.accountPolicy = { ...this.clientPolicy, maxFailures: security.loginAccountMaxFailures };
    this.knownClientSeconds = security.loginKnownClientSeconds;
  }

  /**
   * Counts this attempt; throws 429 with Retry-After while this client, or (for a client new to the account) the
   * account, is locked. `onClientLocked` runs first when the refusal is due to this client's own failures.
   */
  async begin(email: string, ip?: string, onClientLocked?: () => Promise<void>): Promise<LoginAttempt> {
    const account = hashKey(normalizeEmail(email));
    const client = hashKey(`${account}|${loginClientOf(ip)}`);
    const known = await this.store.knows(client);
    const attempt: LoginAttempt = { account, client, accountWide: !known, ip };

    const own = await this.store.begin(clientCounter(attempt), this.clientPolicy);
    if (own.lockedNow) await this.events.publish(new LoginLocked(account, this.clientPolicy.lockSeconds, ip, 'client'));
    if (own.retryAfterSeconds > 0) {
      await onClientLocked?.();
      throw AbuseErrors.loginLocked(own.retryAfterSeconds);
    }
    if (!attempt.accountWide) return attempt;

    const shared = await this.store.begin(accountCounter(attempt), this.accountPolicy).catch(async (error: unknown) => {
      await this.store.release(clientCounter(attempt));
      throw error;
    });
    if (shared.lockedNow) await this.events.publish(new LoginLocked(account, this.accountPolicy.lockSeconds, ip, 'account'));
    if (shared.retryAfterSeconds > 0) {
      // Refused by others' failures: this client's own counter must not grow from it.
      await this.store.release(clientCounter(attempt));
      throw AbuseErrors.loginLocked(shared.retryAfterSeconds);
    }
    return attempt;
  }

  /** The password was wrong. True when this failure locked the client out. */
  async failed(attempt: LoginAttempt): Promise<boolean> {
    const lockedClient = await this.store.fail(clientCounter(attempt), this.clientPolicy);
    if (lockedClient) await this.events.publish(new LoginLocked(attempt.account, this.clientPolicy.lockSeconds, attempt.ip, 'client'));
    if (attempt.accountWide && (await this.store.fail(accountCounter(attempt), this.accountPolicy))) {
      await this.events.publish(new LoginLocked(attempt.account, this.accountPolicy.lockSeconds, attempt.ip, 'account'));
    }
    return lockedClient;
  }

  /**
   * The password was right: this client's counter starts over and the client becomes known to the account. The
   * account-wide counter only takes this attempt back: one client's success says nothing of the others' failures.
   */
  async succeeded(attempt: LoginAttempt): Promise<void> {
    await this.store.reset(clientCounter(attempt));
    if (attempt.accountWide) await this.store.release(accountCounter(attempt));
    await this.store.remember(attempt.client, this.knownClientSeconds);
  }

  /**
   * A password reset proved the owner (issue 14): the account-wide lock ends, and the client that reset starts
   * over and becomes known to the account. Other clients' own locks stay: they are a guesser's, not the owner's.
   */
  async clearAfterReset(email: string, ip?: string): Promise<void> {
    const account = hashKey(normalizeEmail(email));
    const client = hashKey(`${account}|${loginClientOf(ip)}`);
    await this.store.unlock(accountCounter({ account }));
    await this.store.unlock(clientCounter({ client }));
    await this.store.remember(client, this.knownClientSeconds);
  }

  /** The password was never checked (e.g. the server was too busy): the attempt does not count. */
  async abandoned(attempt: LoginAttempt): Promise<void> {
    await this.store.release(clientCounter(attempt));
    if (attempt.accountWide) await this.store.release(accountCounter(attempt));
  }
}

const clientCounter = (attempt: Pick<LoginAttempt, 'client'>) => `c:${attempt.client}`;
const accountCounter = (attempt: Pick<LoginAttempt, 'account'>) => `a:${attempt.account}`;

function hashKey(value: string): string {
  return createHash('sha256').update(value).digest('base64url').slice(0, 32);
}
