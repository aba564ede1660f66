import type { PinoLogger } from 'nestjs-pino';
import { AUDIT_QUEUE_LIMIT, AuditBatchAppender } from './audit-batch-appender.js';
import type { AuditChainAppender } from './audit-chain-appender.js';
import { pendingRow } from './audit-record.js';

const row = (i: number) => pendingRow({ type: 'login.failed', actor: { kind: 'system' }, outcome: 'failure', details: { i } });

describe('AuditBatchAppender', () => {
  const warnings: unknown[] = [];
  const logger = { warn: (fields: unknown) => void warnings.push(fields) } as unknown as PinoLogger;
  beforeEach(() => (warnings.length = 0));

  it('holds at most AUDIT_QUEUE_LIMIT rows while the database does not answer, logging and counting the rest', async () => {
    // A black-holed database: the append never returns.
    let appendCalls = 0;
    const hanging = { append: () => (appendCalls++, new Promise<void>(() => undefined)) } as unknown as AuditChainAppender;
    const appender = new AuditBatchAppender(hanging, logger);
    for (let i = 0; i < AUDIT_QUEUE_LIMIT + 500; i++) appender.enqueue(row(i));
    expect(appender.pending).toBe(AUDIT_QUEUE_LIMIT);
    expect(appender.dropped).toBe(500);
    expect(warnings).toHaveLength(500);
    expect(warnings[0]).toMatchObject({ event: 'audit.dropped', reason: 'queue full', row: { type: 'login.failed' } });
    void appender.flush();
    await new Promise((r) => setTimeout(r, 10));
    // One batch in flight at a time, however many rows wait.
    expect(appendCalls).toBe(1);
  });

  it('drops a batch the database refuses, and appends the next ones in order', async () => {
    const stored: number[][] = [];
    let refuse = true;
    const flaky = {
      append: async (rows: ReturnType<typeof row>[]) => {
        if (refuse) throw new Error('SQLITE_ERROR: no such table');
        stored.push(rows.map((r) => JSON.parse(r.details).i));
      },
    } as unknown as AuditChainAppender;
    const appender = new AuditBatchAppender(flaky, logger);
    appender.enqueue(row(1));
    await appender.flush();
    expect(appender.dropped).toBe(1);
    refuse = false;
    appender.enqueue(row(2));
    appender.enqueue(row(3));
    await appender.flush();
    expect(stored).toEqual([[2, 3]]);
    expect(appender.pending).toBe(0);
  });
});
