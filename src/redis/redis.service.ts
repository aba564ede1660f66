import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Redis, RedisOptions } from 'ioredis';

const LOG_EVERY_MS = 10_000;

/**
 * The shared Redis connection (REDIS_URL), for the revocation store and for any other store that lives in Redis
 * (login-failure counters, rate limits). `client` is null when REDIS_URL is unset: callers fall back to their
 * single-instance stores. Connections are closed only at application shutdown, after the HTTP server has
 * finished its in-flight requests.
 */
@Injectable()
export class RedisService implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisService.name);
  readonly client: Redis | null;
  readonly keyPrefix: string;
  private readonly connections: Redis[] = [];
  private lastErrorLog = 0;

  constructor(@Inject(ConfigService) config: ConfigService) {
    const url = config.get<string>('redisUrl');
    this.keyPrefix = config.getOrThrow<string>('redisKeyPrefix');
    this.client = url ? this.track(new (loadRedis())(url, clientOptions())) : null;
  }

  /** A second connection with the same options, e.g. for pub/sub (a subscribed connection can send no other command). */
  duplicate(): Redis {
    if (!this.client) throw new Error('REDIS_URL is not configured');
    return this.track(this.client.duplicate());
  }

  /**
   * Connects `client` (if not yet started) and waits at most `timeoutMs` for it to be ready; false when it is not,
   * in which case it keeps retrying in the background.
   */
  async whenReady(client: Redis, timeoutMs: number): Promise<boolean> {
    if (client.status === 'ready') return true;
    if (client.status === 'wait') client.connect().catch(() => undefined);
    return new Promise<boolean>((resolve) => {
      const done = (ready: boolean) => {
        clearTimeout(timer);
        client.off('ready', onReady);
        resolve(ready);
      };
      const onReady = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      client.on('ready', onReady);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.connections.map((c) => c.quit().catch(() => c.disconnect())));
  }

  private track(client: Redis): Redis {
    // Without an 'error' listener, a lost connection would be an unhandled 'error' event and end the process.
    client.on('error', (error: Error) => {
      if (Date.now() - this.lastErrorLog < LOG_EVERY_MS) return;
      this.lastErrorLog = Date.now();
      this.logger.warn(`redis: ${error.message}`);
    });
    this.connections.push(client);
    return client;
  }
}

/** ioredis is loaded only when REDIS_URL is set: about 3 MiB of RSS that a single instance would carry for nothing. */
function loadRedis(): typeof Redis {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazily, see above
  return (require('ioredis') as typeof import('ioredis')).Redis;
}

function clientOptions(): RedisOptions {
  return {
    // Connected explicitly (whenReady) so that start-up waits a bounded time instead of queueing commands.
    lazyConnect: true,
    // While disconnected, commands fail at once rather than wait in a queue: callers decide (fail closed or open).
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 1000,
    connectTimeout: 2000,
    // Reconnect forever, quickly: an instance heals without a restart when Redis comes back.
    retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
  };
}
