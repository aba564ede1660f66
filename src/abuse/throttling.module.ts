import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ThrottlerModule } from '@nestjs/throttler';
import type { SecurityConfig } from '../config/index.js';
import { RedisService } from '../redis/index.js';
import { CredentialRateLimiter } from './credential-throttler.guard.js';
import { RedisThrottlerStorage } from './redis-throttler.storage.js';

/** AUTH_RATE_LIMIT for the credential endpoints; counted in Redis (shared by every instance) with REDIS_URL. */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [ConfigService, RedisService],
      useFactory: (config: ConfigService, redis: RedisService) => {
        const { limit, windowSeconds } = config.getOrThrow<SecurityConfig>('security').authRateLimit;
        return {
          throttlers: [{ limit, ttl: windowSeconds * 1000 }],
          storage: redis.client ? new RedisThrottlerStorage(redis) : undefined,
        };
      },
    }),
  ],
  // The limiter is ThrottlingModule's own, for the global CredentialThrottlerGuard that AppModule registers.
  providers: [CredentialRateLimiter],
  exports: [ThrottlerModule, CredentialRateLimiter],
})
export class ThrottlingModule {}
