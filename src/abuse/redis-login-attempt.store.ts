import type { Redis } from 'ioredis';
import type { RedisService } from '../redis/index.js';
import type { AttemptVerdict, LoginAttemptStore, LoginPolicy } from './login-attempt-store.js';
import { AbuseErrors } from './abuse.errors.js';

// KEYS: counter, lock. ARGV: maxFailures, windowMs, lockMs. Same rules as MemoryLoginAttemptStore, atomically.
const BEGIN = `
local lockTtl = redis.call('PTTL', KEYS[2])
if lockTtl > 0 then return {lockTtl, 0} end
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if count > tonumber(ARGV[1]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  redis.call('DEL', KEYS[1])
  return {tonumber(ARGV[3]), 1}
end
return {0, 0}`;

const FAIL = `
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count < tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
redis.call('DEL', KEYS[1])
return 1`;

// KEYS: counter, lock. Takes back one attempt of an open window (a lock, or an expired window, has nothing to give back).
const RELEASE = `
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count <= 0 then return 0 end
return redis.call('DECR', KEYS[1])`;

/**
 * Failed-login counters shared by every instance (REDIS_URL). Fails closed: while Redis cannot answer, login is
 * refused with 503 rather than let guesses go uncounted.
 */
export class RedisLoginAttemptStore implements LoginAttemptStore {
  private readonly client: Redis;

  constructor(private readonly redis: RedisService) {
    if (!redis.client) throw new Error('RedisLoginAttemptStore needs REDIS_URL');
    this.client = redis.client;
  }

  async begin(key: string, policy: LoginPolicy): Promise<AttemptVerdict> {
    const [retryMs, lockedNow] = (await this.run(BEGIN, key, policy)) as [number, number];
    return { retryAfterSeconds: retryMs > 0 ? Math.max(1, Math.ceil(retryMs / 1000)) : 0, lockedNow: lockedNow === 1 };
  }

  async fail(key: string, policy: LoginPolicy): Promise<boolean> {
    return (await this.run(FAIL, key, policy)) === 1;
  }

  async reset(key: string): Promise<void> {
    await this.client.del(this.keys(key)[0]).catch(() => undefined);
  }

  /** Unlike reset, not best effort: a reset that says the lockout is cleared must have cleared it. */
  async unlock(key: string): Promise<void> {
    try {
      await this.client.del(...this.keys(key));
    } catch {
      throw AbuseErrors.loginAttemptsUnavailable();
    }
  }

  async release(key: string): Promise<void> {
    await this.client.eval(RELEASE, 2, ...this.keys(key)).catch(() => undefined);
  }

  async remember(key: string, ttlSeconds: number): Promise<void> {
    // Best effort, like reset: the login already succeeded; a client not remembered is merely treated as new.
    await this.client.set(this.knownKey(key), '1', 'EX', ttlSeconds).catch(() => undefined);
  }

  async knows(key: string): Promise<boolean> {
    try {
      return (await this.client.exists(this.knownKey(key))) === 1;
    } catch {
      throw AbuseErrors.loginAttemptsUnavailable();
    }
  }

  private async run(script: string, key: string, policy: LoginPolicy): Promise<unknown> {
    try {
      return await this.client.eval(script, 2, ...this.keys(key), policy.maxFailures, policy.windowSeconds * 1000, policy.lockSeconds * 1000);
    } catch {
      throw AbuseErrors.loginAttemptsUnavailable();
    }
  }

  private knownKey(key: string): string {
    return `${this.redis.keyPrefix}login:known:${key}`;
  }

  private keys(key: string): [string, string] {
    return [`${this.redis.keyPrefix}login:count:${key}`, `${this.redis.keyPrefix}login:lock:${key}`];
  }
}
