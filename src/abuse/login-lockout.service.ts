import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createHash } from 'node:crypto';
import { Errors } from '../common/index.js';
import type { SecurityConfig } from '../config/index.js';
import { normalizeEmail } from '../users/index.js';
import { DomainEventBus } from '../events/index.js';
import { LoginLocked } from './abuse.events.js';
import { LOGIN_ATTEMPT_STORE, type LoginAttemptStore, type LoginPolicy } from './login-attempt-store.js';

/**
 * Per-account brute-force protection for login. Counts by email whether or not an account has it, so a lock
 * says nothing about which emails exist; a lock refuses even the right password until it ends.
 */
@Injectable()
export class LoginLockoutService {
  private readonly policy: LoginPolicy;

  constructor(
    @Inject(LOGIN_ATTEMPT_STORE) private readonly store: LoginAttemptStore,
    private readonly events: DomainEventBus,
    @Inject(ConfigService) config: ConfigService,
  ) {
    const security = config.getOrThrow<SecurityConfig>('security');
    this.policy = {
      maxFailures: security.loginMaxFailures,
      windowSeconds: security.loginWindowSeconds,
      lockSeconds: security.loginLockSeconds,
    };
  }

  /** Counts this attempt; throws 429 with Retry-After while the account is locked. Returns the counter key. */
  async begin(email: string, ip?: string): Promise<string> {
    const key = accountKey(email);
    const verdict = await this.store.begin(key, this.policy);
    if (verdict.lockedNow) await this.events.publish(new LoginLocked(key, this.policy.lockSeconds, ip));
    if (verdict.retryAfterSeconds > 0) throw Errors.loginLocked(verdict.retryAfterSeconds);
    return key;
  }

  async failed(key: string, ip?: string): Promise<void> {
    if (await this.store.fail(key, this.policy)) await this.events.publish(new LoginLocked(key, this.policy.lockSeconds, ip));
  }

  succeeded(key: string): Promise<void> {
    return this.store.reset(key);
  }
}

function accountKey(email: string): string {
  return createHash('sha256').update(normalizeEmail(email)).digest('base64url').slice(0, 32);
}
