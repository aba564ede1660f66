import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { beforeCommit, DomainEventBus } from '../events/index.js';
import { AuditBatchAppender } from './audit-batch-appender.js';
import { AUDIT_CATALOG, type AuditEntry } from './audit-catalog.js';
import { AuditChainAppender } from './audit-chain-appender.js';
import { pendingRow } from './audit-record.js';
import { requestContext } from './request-context.js';

/**
 * Stores every event of the catalogue in the audit trail, whatever path published it (HTTP, operator CLI, start-up,
 * a scheduled job). An event with a write goes into the write's transaction, appended just before it commits, so a
 * failed append fails (and rolls back) the change; an event without one goes to the batch appender, whatever
 * transaction it was published in (a refusal stays recorded when the flow that refused rolls back).
 */
@Injectable()
export class AuditTrailListener {
  constructor(
    bus: DomainEventBus,
    private readonly dataSource: DataSource,
    private readonly chain: AuditChainAppender,
    private readonly batch: AuditBatchAppender,
  ) {
    for (const entry of AUDIT_CATALOG) bus.subscribe(entry.event, (event) => this.store(entry, event));
  }

  private async store(entry: AuditEntry, event: object): Promise<void> {
    const record = entry.record(event);
    const client = requestContext();
    const row = pendingRow({ ...record, ip: record.ip ?? client?.ip, userAgent: record.userAgent ?? client?.userAgent });
    // Even inside a transaction: a refusal must be recorded when the flow that refused then rolls back.
    if (entry.withoutWrite) return this.batch.enqueue(row);
    // In the write's transaction, at its end: the row is stored with the change or not at all.
    if (!beforeCommit(this.dataSource, () => this.chain.append([row]))) await this.chain.append([row]);
  }
}
