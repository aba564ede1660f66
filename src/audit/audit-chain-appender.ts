import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuditConfig } from '../config/index.js';
import { inTransaction } from '../events/index.js';
import { chainHash } from './audit-chain.js';
import { AuditChainHead, AuditEvent } from './audit-event.entity.js';
import type { PendingAuditRow } from './audit-record.js';

/**
 * Appends rows to the one hash chain. The first statement of every append is a write to the head row: on PostgreSQL
 * it takes the row lock that makes appends of every instance wait for each other until commit, on SQLite it takes
 * the database's write lock (before any read, so a second process waits under busy_timeout instead of failing on an
 * upgrade). The new rows and the moved head commit together with the caller's write, or not at all.
 */
@Injectable()
export class AuditChainAppender {
  private readonly key?: Buffer;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(ConfigService) config: ConfigService,
  ) {
    this.key = config.getOrThrow<AuditConfig>('audit').hmacKey;
  }

  /** In the caller's transaction when there is one, else in a transaction of its own. */
  append(rows: PendingAuditRow[]): Promise<void> {
    return inTransaction(this.dataSource, (manager) => this.appendIn(manager, rows));
  }

  /** Locks the head and returns it; the caller must be in a transaction. */
  async lockHead(manager: EntityManager): Promise<AuditChainHead> {
    await manager
      .createQueryBuilder()
      .update(AuditChainHead)
      .set({ lastSeq: () => '"lastSeq"' })
      .where('id = 1')
      .execute();
    return manager.findOneByOrFail(AuditChainHead, { id: 1 });
  }

  private async appendIn(manager: EntityManager, pending: PendingAuditRow[]): Promise<void> {
    if (pending.length === 0) return;
    const head = await this.lockHead(manager);
    let seq = head.lastSeq;
    let previous = head.lastHash;
    const rows = pending.map((p) => {
      const fields = { ...p, seq: ++seq };
      previous = chainHash(previous, fields, this.key);
      return { ...fields, hash: previous };
    });
    // SQLite allows 999 bound parameters per statement: 13 columns, so at most 70 rows per insert.
    for (let i = 0; i < rows.length; i += 70) await manager.insert(AuditEvent, rows.slice(i, i + 70));
    await manager.update(AuditChainHead, { id: 1 }, { lastSeq: seq, lastHash: previous });
  }
}
