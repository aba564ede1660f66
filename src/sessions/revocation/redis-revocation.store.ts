import { Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { RedisService } from '../../redis/index.js';
import { REVOCATION_RETENTION_MARGIN_MS, type Revocation, type RevocationStore } from './revocation-store.js';
import { SessionErrors } from '../session.errors.js';

const HEARTBEAT_MS = 1000;
/** How long a lost connection is tolerated before requests are refused: the promised propagation delay. */
const STALE_GRACE_MS = 1000;
const STARTUP_WAIT_MS = 3000;
const SWEEP_INTERVAL_MS = 60_000;
const BATCH = 1000;

/** A key's time to live: until the revocation expires, plus the margin for clocks that differ between instances. */
const retention = (until: number, now: number) => Math.max(1, until - now) + REVOCATION_RETENTION_MARGIN_MS;

/**
 * Revocations shared by every instance through Redis: each one is a key `<prefix>revoked:<sid>` that expires with
 * the last access token it covers, and is published on `<prefix>revocations` into each instance's in-memory Map, so
 * the per-request check stays a Map lookup. After any connection loss the instance resyncs (SCAN of the keys) before
 * it vouches for its state again; until then, past a one-second grace, `isRevoked` throws a 503 (fail closed) unless
 * REVOCATION_FAIL_OPEN is set, in which case it serves from what it last knew.
 */
export class RedisRevocationStore implements RevocationStore, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RedisRevocationStore.name);
  private readonly revoked = new Map<string, number>();
  private readonly commands: Redis;
  private subscriber?: Redis;
  private readonly channel: string;
  private readonly keyPrefix: string;
  /** When the instance stopped being sure of its state; null while in sync. Unknown until the first sync. */
  private staleSince: number | null = Date.now();
  /** Bumped on every loss, so that a resync that raced a loss does not declare the state good. */
  private epoch = 0;
  private syncing?: Promise<void>;
  private syncAgain = false;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly redis: RedisService,
    private readonly failOpen: boolean,
  ) {
    if (!redis.client) throw new Error('RedisRevocationStore needs REDIS_URL');
    this.commands = redis.client;
    this.channel = `${redis.keyPrefix}revocations`;
    this.keyPrefix = `${redis.keyPrefix}revoked:`;
  }

  async onApplicationBootstrap(): Promise<void> {
    const subscriber = this.redis.duplicate();
    this.subscriber = subscriber;
    subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.channel) this.onMessage(message);
    });
    for (const connection of [this.commands, subscriber]) {
      connection.on('close', () => this.markStale('connection to Redis lost'));
      connection.on('ready', () => void this.resync());
    }
    this.timers.push(setInterval(() => void this.heartbeat(), HEARTBEAT_MS));
    this.timers.push(setInterval(() => this.sweep(), SWEEP_INTERVAL_MS));
    for (const timer of this.timers) timer.unref();
    const ready = await Promise.all([this.redis.whenReady(this.commands, STARTUP_WAIT_MS), this.redis.whenReady(subscriber, STARTUP_WAIT_MS)]);
    if (ready.every(Boolean)) await this.resync();
    if (this.staleSince !== null) this.logger.warn('Redis is unreachable at start-up; revocation state unknown until it answers');
  }

  onModuleDestroy(): void {
    for (const timer of this.timers) clearInterval(timer);
  }

  size(): number {
    return this.revoked.size;
  }

  isRevoked(sid: string): boolean {
    if (this.staleSince !== null && !this.failOpen && Date.now() - this.staleSince > STALE_GRACE_MS) {
      throw SessionErrors.revocationUnavailable();
    }
    const until = this.revoked.get(sid);
    return until !== undefined && until > Date.now();
  }

  async revoke(revocations: Revocation[]): Promise<void> {
    if (revocations.length === 0) return;
    const entries = revocations.map((r) => [r.sid, r.expiresAt.getTime()] as [string, number]);
    // Memory first: the revocation takes effect for this instance before Redis answers.
    for (const [sid, until] of entries) this.remember(sid, until);
    try {
      const now = Date.now();
      const multi = this.commands.multi();
      for (const [sid, until] of entries) multi.set(this.keyPrefix + sid, String(until), 'PX', retention(until, now));
      multi.publish(this.channel, JSON.stringify(entries));
      await multi.exec();
    } catch (error) {
      // Kept in memory either way, and written to Redis by the resync that follows the reconnect.
      this.markStale(`revocation write failed: ${(error as Error).message}`);
      if (!this.failOpen) throw SessionErrors.revocationUnavailable();
    }
  }

  private remember(sid: string, until: number): void {
    if (until > (this.revoked.get(sid) ?? 0)) this.revoked.set(sid, until);
  }

  private onMessage(message: string): void {
    try {
      const entries: unknown = JSON.parse(message);
      if (!Array.isArray(entries)) return;
      for (const entry of entries) {
        if (Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'number') this.remember(entry[0], entry[1]);
      }
    } catch {
      this.logger.warn('ignored a malformed revocation message');
    }
  }

  private markStale(reason: string): void {
    this.epoch += 1;
    if (this.staleSince !== null) return;
    this.staleSince = Date.now();
    this.logger.warn(
      `${reason}; ${this.failOpen ? 'serving from the last known revocations (REVOCATION_FAIL_OPEN)' : 'protected requests answer 503 until it is back'}`,
    );
  }

  /** One resync at a time; a request during one runs another right after it. */
  private resync(): Promise<void> {
    if (this.syncing) {
      this.syncAgain = true;
      return this.syncing;
    }
    this.syncing = this.runResync().finally(() => {
      this.syncing = undefined;
      if (this.syncAgain) {
        this.syncAgain = false;
        void this.resync();
      }
    });
    return this.syncing;
  }

  private async runResync(): Promise<void> {
    const subscriber = this.subscriber;
    if (!subscriber || this.commands.status !== 'ready' || subscriber.status !== 'ready') return;
    const epoch = this.epoch;
    try {
      // Subscribed before reading, so that nothing published meanwhile falls between the two.
      await subscriber.subscribe(this.channel);
      await this.pushLocal();
      await this.pullAll();
    } catch (error) {
      this.markStale(`revocation resync failed: ${(error as Error).message}`);
      return;
    }
    if (epoch !== this.epoch || this.staleSince === null) return;
    const outage = Date.now() - this.staleSince;
    this.staleSince = null;
    this.logger.log(`revocations in sync with Redis (${this.revoked.size} held; unsure for ${outage} ms)`);
  }

  /** Writes back what this instance knows, in case Redis lost it (a restart without persistence). */
  private async pushLocal(): Promise<void> {
    const now = Date.now();
    const live = [...this.revoked].filter(([, until]) => until > now);
    for (let i = 0; i < live.length; i += BATCH) {
      const pipeline = this.commands.pipeline();
      for (const [sid, until] of live.slice(i, i + BATCH)) pipeline.set(this.keyPrefix + sid, String(until), 'PX', retention(until, now), 'NX');
      await pipeline.exec();
    }
  }

  /** Reads every revocation in Redis: what other instances did while this one was not listening. */
  private async pullAll(): Promise<void> {
    let cursor = '0';
    do {
      const [next, keys] = await this.commands.scan(cursor, 'MATCH', `${this.keyPrefix}*`, 'COUNT', BATCH);
      cursor = next;
      if (keys.length === 0) continue;
      const values = await this.commands.mget(...keys);
      keys.forEach((key, i) => {
        const until = Number(values[i]);
        if (Number.isFinite(until)) this.remember(key.slice(this.keyPrefix.length), until);
      });
    } while (cursor !== '0');
  }

  /** Catches a silent loss (a stalled server or network) that never closes the socket, and retries a resync. */
  private async heartbeat(): Promise<void> {
    const subscriber = this.subscriber;
    if (!subscriber) return;
    for (const connection of [this.commands, subscriber]) {
      if (connection.status !== 'ready') continue;
      try {
        await connection.ping();
      } catch {
        this.markStale('Redis stopped answering');
        connection.disconnect(true);
      }
    }
    if (this.staleSince !== null) void this.resync();
  }

  private sweep(): void {
    const now = Date.now();
    for (const [sid, until] of this.revoked) if (until <= now) this.revoked.delete(sid);
  }
}
