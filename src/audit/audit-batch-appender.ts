import { type BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { outsideTransaction } from '../events/index.js';
import { AuditChainAppender } from './audit-chain-appender.js';
import type { PendingAuditRow } from './audit-record.js';

/** Bounds: a failed-login storm with the database down must cost a fixed amount of memory, never a growing queue. */
export const AUDIT_QUEUE_LIMIT = 2000;
const BATCH_SIZE = 200;
const FLUSH_DELAY_MS = 100;

/**
 * Events that change nothing in the database (a failed login, a lockout) are appended here, a short while later and
 * in batches, so that they never slow or fail the request. When the queue is full or the database refuses a batch,
 * the rows become warning log lines and are counted as dropped (a metric); the request still gets its 401 or 429.
 * Shutdown (SIGTERM, the CLI's end) flushes what is left.
 */
@Injectable()
export class AuditBatchAppender implements BeforeApplicationShutdown {
  private queue: PendingAuditRow[] = [];
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  private droppedCount = 0;

  constructor(
    private readonly chain: AuditChainAppender,
    @InjectPinoLogger('AuditTrail') private readonly logger: PinoLogger,
  ) {}

  /** Rows lost since start (queue full or the database refused them); each was logged instead. */
  get dropped(): number {
    return this.droppedCount;
  }

  get pending(): number {
    return this.queue.length;
  }

  enqueue(row: PendingAuditRow): void {
    if (this.queue.length >= AUDIT_QUEUE_LIMIT) return this.drop([row], 'queue full');
    this.queue.push(row);
    if (!this.timer && !this.flushing) {
      this.timer = outsideTransaction(() => setTimeout(() => void this.flush(), FLUSH_DELAY_MS));
      this.timer.unref();
    }
  }

  /** Appends everything queued so far (one flush at a time). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.flushing) await this.flushing;
    this.flushing = outsideTransaction(() => this.drain()).finally(() => (this.flushing = undefined));
    await this.flushing;
  }

  // Before TypeORM closes the database (its onApplicationShutdown).
  async beforeApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, BATCH_SIZE);
      try {
        await this.chain.append(batch);
      } catch (error) {
        this.drop(batch, (error as Error).message);
      }
    }
  }

  private drop(rows: PendingAuditRow[], reason: string): void {
    this.droppedCount += rows.length;
    for (const row of rows) this.logger.warn({ event: 'audit.dropped', reason, row }, 'audit event not stored; kept as this log line');
  }
}
