import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, MoreThan, MoreThanOrEqual, Repository } from 'typeorm';
import type { JwtConfig } from '../../config/index.js';
import { RevokedSession } from './revoked-session.entity.js';
import type { Revocation, RevocationStore } from './revocation-store.js';

const SWEEP_INTERVAL_MS = 60_000;
const POLL_INTERVAL_MS = 1_000;
// How late another process's row may land after it computed its expiry (a write that waited out a busy database).
const POLL_OVERLAP_MS = 5_000;

/**
 * The embedded-default store: revocations are written to the database and mirrored in a Map, which is
 * rebuilt from the database on start so that a restart forgets nothing, and topped up every second with rows
 * that another process on the same database wrote (the operator CLI, a second process on one SQLite file).
 * Several instances on PostgreSQL should use the Redis store, which pushes revocations instead of polling.
 */
@Injectable()
export class DatabaseRevocationStore implements RevocationStore, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(DatabaseRevocationStore.name);
  private readonly revoked = new Map<string, number>();
  private sweepTimer?: NodeJS.Timeout;
  private pollTimer?: NodeJS.Timeout;
  private readonly lifetimeMs: number;
  /** When the last read of the table started: anything written since expires at least a token lifetime after it. */
  private lastReadAt = 0;

  constructor(
    @InjectRepository(RevokedSession) private readonly repo: Repository<RevokedSession>,
    @Inject(ConfigService) config: ConfigService,
  ) {
    const jwt = config.getOrThrow<JwtConfig>('jwt');
    this.lifetimeMs = (jwt.accessTtlSeconds + jwt.clockToleranceSeconds) * 1000;
  }

  async onModuleInit(): Promise<void> {
    this.lastReadAt = Date.now();
    this.remember(await this.repo.find({ where: { expiresAt: MoreThan(new Date(this.lastReadAt)) } }));
    this.sweepTimer = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
    this.sweepTimer.unref();
    this.pollTimer = setInterval(() => void this.poll(), POLL_INTERVAL_MS);
    this.pollTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweepTimer);
    clearInterval(this.pollTimer);
  }

  isRevoked(sid: string): boolean {
    const until = this.revoked.get(sid);
    return until !== undefined && until > Date.now();
  }

  async revoke(revocations: Revocation[]): Promise<void> {
    if (revocations.length === 0) return;
    // Memory first: the revocation takes effect for this process before the write returns.
    this.remember(revocations);
    await this.repo.upsert(revocations, ['sid']);
  }

  size(): number {
    return this.revoked.size;
  }

  private remember(revocations: Revocation[]): void {
    for (const r of revocations) this.revoked.set(r.sid, Math.max(this.revoked.get(r.sid) ?? 0, r.expiresAt.getTime()));
  }

  /** Reads only rows written since the last read (by their expiry), so each poll is small whatever the table holds. */
  private async poll(): Promise<void> {
    const startedAt = Date.now();
    const since = new Date(this.lastReadAt + this.lifetimeMs - POLL_OVERLAP_MS);
    try {
      this.remember(await this.repo.find({ where: { expiresAt: MoreThanOrEqual(since) } }));
      this.lastReadAt = startedAt;
    } catch (error) {
      this.logger.warn(`revocation poll failed: ${(error as Error).message}`);
    }
  }

  private async sweep(): Promise<void> {
    const now = Date.now();
    for (const [sid, until] of this.revoked) if (until <= now) this.revoked.delete(sid);
    try {
      await this.repo.delete({ expiresAt: LessThan(new Date(now)) });
    } catch (error) {
      this.logger.warn(`revocation sweep failed: ${(error as Error).message}`);
    }
  }
}
