import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { RedisService } from '../redis/index.js';

/** Redis answers a PING within a second (only checked when REDIS_URL is set). */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly redis: RedisService,
  ) {}

  get configured(): boolean {
    return this.redis.client !== null;
  }

  check() {
    const client = this.redis.client;
    return this.indicators
      .check('redis')
      .attempt(async () => {
        if (!client || client.status !== 'ready') throw new Error(`not connected (${client?.status ?? 'unset'})`);
        await client.ping();
      })
      .withTimeout(1000);
  }
}
