import { Global, Module } from '@nestjs/common';
import { RedisService } from './redis.service.js';

/** Global: any feature may inject RedisService and use its client when REDIS_URL is set. */
@Global()
@Module({
  providers: [RedisService],
  exports: [RedisService],
})
export class RedisModule {}
