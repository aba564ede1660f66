import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import type { RedisService } from '../redis/index.js';
import { AbuseErrors } from './abuse.errors.js';

// KEYS: hits, block. ARGV: ttlMs, limit, blockMs. A fixed window per key; over the limit, the key is blocked.
const INCREMENT = `
local blockTtl = redis.call('PTTL', KEYS[2])
if blockTtl > 0 then
  return {tonumber(redis.call('GET', KEYS[1]) or '0'), math.max(redis.call('PTTL', KEYS[1]), 0), 1, blockTtl}
end
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  return {hits, ttl, 1, tonumber(ARGV[3])}
end
return {hits, ttl, 0, 0}`;

/** AUTH_RATE_LIMIT counters shared by every instance (REDIS_URL); fails closed (503) while Redis cannot answer. */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly client: Redis;

  constructor(private readonly redis: RedisService) {
    if (!redis.client) throw new Error('RedisThrottlerStorage needs REDIS_URL');
    this.client = redis.client;
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string) {
    const base = `${this.redis.keyPrefix}throttle:${throttlerName}:${key}`;
    let reply: [number, number, number, number];
    try {
      reply = (await this.client.eval(INCREMENT, 2, `${base}:hits`, `${base}:block`, ttl, limit, blockDuration)) as typeof reply;
    } catch {
      throw AbuseErrors.rateLimitUnavailable();
    }
    const [totalHits, ttlMs, blocked, blockMs] = reply;
    return {
      totalHits,
      timeToExpire: Math.ceil(ttlMs / 1000),
      isBlocked: blocked === 1,
      timeToBlockExpire: Math.ceil(blockMs / 1000),
    };
  }
}
