import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, MoreThan, Repository } from 'typeorm';
import { RevokedSession } from './revoked-session.entity.js';
import type { Revocation, RevocationStore } from './revocation-store.js';

const SWEEP_INTERVAL_MS = 60_000;

/**
 * The embedded-default store: revocations are written to the database and mirrored in a Map, which is
 * rebuilt from the database on start so that a restart forgets nothing. One process only; several
 * instances need the Redis store so that each sees the others' revocations.
 */
@Injectable()
export class DatabaseRevocationStore implements RevocationStore, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(DatabaseRevocationStore.name);
  private readonly revoked = new Map<string, number>();
  private sweepTimer?: NodeJS.Timeout;

  constructor(@InjectRepository(RevokedSession) private readonly repo: Repository<RevokedSession>) {}

  async onModuleInit(): Promise<void> {
    const live = await this.repo.find({ where: { expiresAt: MoreThan(new Date()) } });
    for (const row of live) this.revoked.set(row.sid, row.expiresAt.getTime());
    this.sweepTimer = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
    this.sweepTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweepTimer);
  }

  isRevoked(sid: string): boolean {
    const until = this.revoked.get(sid);
    return until !== undefined && until > Date.now();
  }

  async revoke(revocations: Revocation[]): Promise<void> {
    if (revocations.length === 0) return;
    // Memory first: the revocation takes effect for this process before the write returns.
    for (const r of revocations) this.revoked.set(r.sid, Math.max(this.revoked.get(r.sid) ?? 0, r.expiresAt.getTime()));
    await this.repo.upsert(revocations, ['sid']);
  }

  size(): number {
    return this.revoked.size;
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
