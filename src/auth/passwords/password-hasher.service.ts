import { Inject, Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Algorithm, hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { defaultPasswordHashConcurrency, type SecurityConfig } from '../../config/index.js';
import { ConcurrencyLimit, QueueFullError, type QueueBounds } from './concurrency-limit.js';
import { AuthErrors } from '../auth.errors.js';

// OWASP's argon2id minimum (19 MiB, t=2, p=1). @node-rs/argon2 runs on libuv's thread pool, off the event loop.
const ARGON2_OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordHasherService implements OnModuleInit {
  /** Verified against when an email is unknown, so that both paths cost one argon2 verification. */
  private dummyHash: string;
  // PASSWORD_HASH_CONCURRENCY at once (one per core but one, fewer than libuv's pool has threads); each running hash
  // holds 19 MiB, and more at once would only take the pool's threads from SQLite's queries.
  private readonly slots: ConcurrencyLimit;
  /** Told how long each hash waited for a slot (the metrics module's histogram); unset costs nothing. */
  observeQueueWait?: (seconds: number) => void;

  constructor(@Optional() @Inject(ConfigService) config?: ConfigService) {
    const security = config?.get<SecurityConfig>('security');
    const bounds: QueueBounds | undefined = security
      ? { maxQueue: security.passwordHashMaxQueue, maxWaitMs: security.passwordHashMaxWaitMs }
      : undefined;
    this.slots = new ConcurrencyLimit(security?.passwordHashConcurrency ?? defaultPasswordHashConcurrency(), bounds);
  }

  async onModuleInit(): Promise<void> {
    this.dummyHash = await this.hash(randomBytes(32).toString('base64url'));
  }

  /** Throws 503 AUTH_BUSY when the queue is over its bounds. */
  hash(password: string): Promise<string> {
    return this.slot(() => hash(password, ARGON2_OPTIONS));
  }

  /** False for a wrong password or a malformed hash; throws 503 AUTH_BUSY when the queue is over its bounds. */
  async verify(passwordHash: string, password: string): Promise<boolean> {
    return this.slot(async () => {
      try {
        return await verify(passwordHash, password);
      } catch {
        return false;
      }
    });
  }

  /** Spends the same time as a real verification and always fails. */
  async verifyDummy(password: string): Promise<false> {
    await this.verify(this.dummyHash, password);
    return false;
  }

  private async slot<T>(task: () => Promise<T>): Promise<T> {
    try {
      const queuedAt = performance.now();
      return await this.slots.run(() => {
        this.observeQueueWait?.((performance.now() - queuedAt) / 1000);
        return task();
      });
    } catch (error) {
      throw error instanceof QueueFullError ? AuthErrors.authBusy() : error;
    }
  }
}
