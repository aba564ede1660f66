import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { DataSource, LessThanOrEqual, MoreThanOrEqual } from 'typeorm';
import type { AuditConfig } from '../config/index.js';
import { inTransaction, SYSTEM } from '../events/index.js';
import { AuditChainAppender } from './audit-chain-appender.js';
import { AuditEvent, AuditChainHead } from './audit-event.entity.js';
import { pendingRow } from './audit-record.js';

const PRUNE_INTERVAL_MS = 60 * 60_000;

/**
 * AUDIT_RETENTION: deletes the oldest rows, a prefix of the chain, and records the seq and hash of the last one
 * deleted as the checkpoint verification starts from, so what remains still verifies. The pruning itself is an
 * audit row (`audit.pruned`, actor `system`), appended in the same transaction.
 */
@Injectable()
export class AuditRetentionService implements OnModuleInit, OnModuleDestroy {
  private readonly retentionMs: number;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly chain: AuditChainAppender,
    @Inject(ConfigService) config: ConfigService,
    @InjectPinoLogger('AuditTrail') private readonly logger: PinoLogger,
  ) {
    this.retentionMs = config.getOrThrow<AuditConfig>('audit').retentionSeconds * 1000;
  }

  onModuleInit(): void {
    this.timer = setInterval(
      () => void this.prune().catch((e) => this.logger.warn(`audit pruning failed: ${(e as Error).message}`)),
      PRUNE_INTERVAL_MS,
    );
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Prunes rows older than the retention (as of `now`); returns how many went. */
  prune(now = Date.now()): Promise<number> {
    const cutoff = now - this.retentionMs;
    return inTransaction(this.dataSource, async (manager) => {
      const head = await this.chain.lockHead(manager);
      const rows = manager.getRepository(AuditEvent);
      // A prefix only: the first row still within the retention bounds what may go, whatever times follow it.
      const firstKept = await rows.findOne({ select: { seq: true }, where: { at: MoreThanOrEqual(cutoff) }, order: { seq: 'ASC' } });
      const through = firstKept ? firstKept.seq - 1 : head.lastSeq;
      if (through <= head.prunedThroughSeq) return 0;
      const last = await rows.findOneByOrFail({ seq: through });
      const result = await rows.delete({ seq: LessThanOrEqual(through) });
      await manager.update(AuditChainHead, { id: 1 }, { prunedThroughSeq: through, prunedHash: last.hash });
      const pruned = result.affected ?? through - head.prunedThroughSeq;
      await this.chain.append([
        pendingRow(
          {
            type: 'audit.pruned',
            actor: SYSTEM,
            outcome: 'success',
            details: { rows: pruned, throughSeq: through, before: new Date(cutoff).toISOString() },
          },
          now,
        ),
      ]);
      return pruned;
    });
  }
}
