import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, MoreThan, Repository } from 'typeorm';
import type { DatabaseConfig } from '../../config/index.js';
import { RevokedSession } from './revoked-session.entity.js';
import { REVOCATION_RETENTION_MARGIN_MS, type Revocation, type RevocationStore } from './revocation-store.js';
import { SeqCursor } from './seq-cursor.js';

const SWEEP_INTERVAL_MS = 60_000;
const POLL_INTERVAL_MS = 1_000;
const INITIAL_PAGE_ROWS = 1_000;

/**
 * The embedded-default store: revocations are appended to the database and mirrored in a Map, which is rebuilt from
 * the database on start so that a restart forgets nothing, and topped up every second with rows that another process
 * on the same database wrote (the operator CLI, a second process). The poll reads by insertion order (`seq`), never
 * by expiry: a writer with a shorter ACCESS_TOKEN_TTL, or another clock, must not fall outside the window it reads.
 * Several instances on PostgreSQL should use the Redis store, which pushes revocations instead of polling.
 */
@Injectable()
export class DatabaseRevocationStore implements RevocationStore, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(DatabaseRevocationStore.name);
  private readonly revoked = new Map<string, number>();
  private sweepTimer?: NodeJS.Timeout;
  private pollTimer?: NodeJS.Timeout;
  private readonly cursor: SeqCursor;
  private polling = false;

  constructor(
    @InjectRepository(RevokedSession) private readonly repo: Repository<RevokedSession>,
    @Inject(ConfigService) config: ConfigService,
  ) {
    // A row whose seq was taken but whose transaction has not committed yet is waited for at most this long.
    const db = config.getOrThrow<DatabaseConfig>('database');
    this.cursor = new SeqCursor(db.statementTimeoutMs + 5_000);
  }

  async onModuleInit(): Promise<void> {
    await this.poll(true);
    this.sweepTimer = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
    this.sweepTimer.unref();
    this.pollTimer = setInterval(() => void this.poll(false), POLL_INTERVAL_MS);
    this.pollTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweepTimer);
    clearInterval(this.pollTimer);
  }

  size(): number {
    return this.revoked.size;
  }

  isRevoked(sid: string): boolean {
    const until = this.revoked.get(sid);
    return until !== undefined && until > Date.now();
  }

  async revoke(revocations: Revocation[]): Promise<void> {
    if (revocations.length === 0) return;
    // Memory first: the revocation takes effect for this process before the write returns.
    this.remember(revocations);
    // Appended, never updated in place: a later, longer revocation of the same sid must be a new row for the poll to see.
    for (let i = 0; i < revocations.length; i += 500) {
      await this.repo.insert(revocations.slice(i, i + 500).map(({ sid, expiresAt }) => ({ sid, expiresAt })));
    }
  }

  private remember(revocations: Revocation[]): void {
    for (const r of revocations) this.revoked.set(r.sid, Math.max(this.revoked.get(r.sid) ?? 0, r.expiresAt.getTime()));
  }

  /**
   * Reads the rows past the cursor (all of them on start), so each poll is small whatever the table holds. The start
   * reads in pages: one query for 100,000 rows built all their entities at once, tens of MiB of peak memory, and pages
   * of 5,000 still outlived young-generation collections, leaving ~30 MiB of garbage in a committed old generation.
   */
  private async poll(initial: boolean): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      if (initial) this.cursor.start(await this.readAll());
      else {
        const rows = await this.repo.find({ where: { seq: MoreThan(this.cursor.floor) }, order: { seq: 'ASC' } });
        this.remember(rows);
        this.cursor.saw(rows.map((r) => r.seq));
      }
    } catch (error) {
      if (initial) throw error;
      this.logger.warn(`revocation poll failed: ${(error as Error).message}`);
    } finally {
      this.polling = false;
    }
  }

  /** Every row, page by page in seq order; returns their seqs. */
  private async readAll(): Promise<number[]> {
    const seqs: number[] = [];
    for (let after = 0; ;) {
      const rows = await this.repo.find({ where: { seq: MoreThan(after) }, order: { seq: 'ASC' }, take: INITIAL_PAGE_ROWS });
      this.remember(rows);
      for (const row of rows) seqs.push(row.seq);
      if (rows.length < INITIAL_PAGE_ROWS) return seqs;
      after = rows[rows.length - 1].seq;
    }
  }

  private async sweep(): Promise<void> {
    const now = Date.now();
    for (const [sid, until] of this.revoked) if (until <= now) this.revoked.delete(sid);
    try {
      await this.repo.delete({ expiresAt: LessThan(new Date(now - REVOCATION_RETENTION_MARGIN_MS)) });
    } catch (error) {
      this.logger.warn(`revocation sweep failed: ${(error as Error).message}`);
    }
  }
}
