import { DataSource } from 'typeorm';
import { AuditBatchAppender, AuditRetentionService } from '../src/audit/index.js';
import { LoginFailed } from '../src/auth/index.js';
import { DomainEventBus, inTransaction } from '../src/events/index.js';
import { PASSWORD, startApp, uniqueEmail, type TestApp } from './support/test-app.js';

const TOKEN = 'metrics-scrape-token-0123456789';

describe('audit trail under load, outage, shutdown and retention', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ METRICS_TOKEN: TOKEN, AUDIT_RETENTION: '1d' });
  });
  afterAll(() => t.close());

  const db = () => t.app.get(DataSource);
  const batch = () => t.app.get(AuditBatchAppender);
  // One admin login per app: a login is itself an audit row, which would shift the counts below.
  const adminTokens = new WeakMap<TestApp, string>();
  const adminAuth = async () => {
    if (!adminTokens.has(t)) adminTokens.set(t, (await t.admin()).auth);
    return adminTokens.get(t)!;
  };
  const verify = async () =>
    (
      await t
        .http()
        .get('/audit-events/verify')
        .set('Authorization', await adminAuth())
    ).body;
  const count = async (type: string) => {
    await batch().flush();
    return (
      await t
        .http()
        .get('/audit-events')
        .query({ type })
        .set('Authorization', await adminAuth())
    ).body.total as number;
  };
  const droppedMetric = async () => {
    const text = (await t.http().get('/metrics').set('Authorization', `Bearer ${TOKEN}`)).text;
    return Number(/^gatehouse_audit_events_dropped_total (\S+)$/m.exec(text)?.[1]);
  };

  it('a failed-login burst with the audit table unavailable keeps answering 401/429 and counts what it dropped', async () => {
    const victim = await t.user();
    const failedBefore = await count('login.failed');
    const droppedBefore = await droppedMetric();
    await db().query('ALTER TABLE audit_events RENAME TO audit_events_away');
    const statuses: number[] = [];
    try {
      const burst = Array.from({ length: 24 }, (_, i) =>
        t
          .http()
          .post('/auth/login')
          .send({ email: i % 2 ? victim.email : uniqueEmail('nobody'), password: `wrong guess ${i}` }),
      );
      for (const res of await Promise.all(burst)) statuses.push(res.status);
      await batch().flush();
      expect(batch().pending).toBe(0);
    } finally {
      await db().query('ALTER TABLE audit_events_away RENAME TO audit_events');
    }
    expect(new Set(statuses)).toEqual(new Set([401, 429]));
    // 24 failed logins (12 on unknown addresses, up to 5 on the victim before its lock) and the lockout: none stored.
    const lost = (await droppedMetric()) - droppedBefore;
    expect(lost).toBe(statuses.filter((s) => s === 401).length + 1);
    expect(await count('login.failed')).toBe(failedBefore);
    // Once the table is back, events are stored again and the chain is whole.
    expect((await t.http().post('/auth/login').send({ email: victim.email, password: 'wrong again' })).status).toBe(429);
    await t
      .http()
      .post('/auth/login')
      .send({ email: uniqueEmail('later'), password: 'wrong' });
    expect(await count('login.failed')).toBe(failedBefore + 1);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('keeps a refusal recorded when the flow that published it rolls back', async () => {
    const ip = '203.0.113.77';
    await inTransaction(db(), async () => {
      await t.app.get(DomainEventBus).publish(new LoginFailed(undefined, ip));
      throw new Error('the flow fails after refusing');
    }).catch(() => undefined);
    await batch().flush();
    expect(Number((await db().query(`SELECT COUNT(*) AS n FROM audit_events WHERE type = 'login.failed' AND ip = '${ip}'`))[0].n)).toBe(1);
  });

  it('flushes the queued rows when the app shuts down (SIGTERM runs the same close)', async () => {
    const email = uniqueEmail('shutdown');
    await t.http().post('/auth/register').send({ email, password: PASSWORD });
    const before = await count('login.failed');
    for (let i = 0; i < 3; i++)
      await t
        .http()
        .post('/auth/login')
        .send({ email, password: `wrong ${i}` });
    expect(batch().pending).toBeGreaterThan(0);
    await t.close({ keepFiles: true });
    t = await startApp({ METRICS_TOKEN: TOKEN, AUDIT_RETENTION: '1d' }, t.dir);
    expect(await count('login.failed')).toBe(before + 3);
  });

  it('retention prunes the oldest rows behind a checkpoint: what remains still verifies, and an edit is still found', async () => {
    await t.user();
    expect(await verify()).toMatchObject({ ok: true });
    await new Promise((r) => setTimeout(r, 20));
    const boundary = Date.now();
    await new Promise((r) => setTimeout(r, 20));
    const kept = await t.user();
    await batch().flush();
    const older = Number((await db().query(`SELECT COUNT(*) AS n FROM audit_events WHERE at < ${boundary}`))[0].n);
    expect(older).toBeGreaterThan(5);
    const total = Number((await db().query('SELECT COUNT(*) AS n FROM audit_events'))[0].n);

    // As the hourly job would one day (AUDIT_RETENTION=1d) after `boundary`.
    const pruned = await t.app.get(AuditRetentionService).prune(boundary + 86_400_000);
    expect(pruned).toBe(older);
    // What was newer than the boundary, and the row that records the pruning.
    expect(await verify()).toEqual({ ok: true, events: total - older + 1 });
    expect(Number((await db().query(`SELECT COUNT(*) AS n FROM audit_events WHERE at < ${boundary}`))[0].n)).toBe(0);
    const record = (
      await t
        .http()
        .get('/audit-events')
        .query({ type: 'audit.pruned' })
        .set('Authorization', await adminAuth())
    ).body.items;
    expect(record).toHaveLength(1);
    expect(record[0]).toMatchObject({ actorId: 'system', details: { rows: older } });
    // The kept user's rows are all still there.
    expect(
      (
        await t
          .http()
          .get('/audit-events')
          .query({ subjectId: kept.id })
          .set('Authorization', await adminAuth())
      ).body.total,
    ).toBe(3); // created, its verification mail, its login

    const first = (await db().query('SELECT seq, id FROM audit_events ORDER BY seq LIMIT 1'))[0] as { seq: number; id: string };
    await db().query(`UPDATE audit_events SET outcome = 'failure' WHERE seq = ${first.seq}`);
    expect(await verify()).toMatchObject({ ok: false, firstBrokenId: first.id });
    await db().query(`UPDATE audit_events SET outcome = 'success' WHERE seq = ${first.seq}`);
    expect((await verify()).ok).toBe(true);
    // Pruning again with nothing old enough changes nothing.
    expect(await t.app.get(AuditRetentionService).prune(boundary + 86_400_000)).toBe(0);
  });
});
