import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ThrottlerModule } from '@nestjs/throttler';
import type { SecurityConfig } from '../../config/configuration.js';

/** AUTH_RATE_LIMIT for the credential endpoints. The default storage is per instance; a shared one can be set here. */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => {
        const { limit, windowSeconds } = config.getOrThrow<SecurityConfig>('security').authRateLimit;
        return { throttlers: [{ limit, ttl: windowSeconds * 1000 }] };
      },
    }),
  ],
  exports: [ThrottlerModule],
})
export class ThrottlingModule {}
