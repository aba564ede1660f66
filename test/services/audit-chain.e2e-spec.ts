import { DataSource } from 'typeorm';
import { startCluster, type Cluster } from '../support/cluster.js';
import type { AppProcess } from '../support/app-process.js';
import { PASSWORD, uniqueEmail } from '../support/test-app.js';

describe('two instances appending to one audit chain on PostgreSQL', () => {
  let cluster: Cluster;
  let a: AppProcess;
  let b: AppProcess;
  beforeAll(async () => {
    // Many registrations at once on a shared 2-core machine: let argon2's queue wait instead of answering 503 AUTH_BUSY.
    cluster = await startCluster(2, () => ({ PASSWORD_HASH_MAX_WAIT_MS: '60000' }));
    [a, b] = cluster.instances;
  });
  afterAll(() => cluster.close());

  const query = async <T>(sql: string): Promise<T[]> => {
    const db = await new DataSource({ type: 'postgres', url: cluster.databaseUrl }).initialize();
    try {
      return await db.query<T[]>(sql);
    } finally {
      await db.destroy();
    }
  };

  it('keeps one valid chain while both write at once: in-transaction rows and batched rows', async () => {
    const [adminA, adminB] = [await a.admin(), await b.admin()];
    const before = Number((await query<{ n: string }>('SELECT COUNT(*) AS n FROM audit_events'))[0].n);
    const work = (app: AppProcess, admin: { auth: string }, tag: string) =>
      Array.from({ length: 12 }, async (_, i) => {
        const email = uniqueEmail(`${tag}${i}`);
        const reg = await app.http().post('/auth/register').send({ email, password: PASSWORD });
        expect(reg.status, JSON.stringify(reg.body)).toBe(201);
        expect((await app.http().post('/auth/login').send({ email, password: 'wrong password here' })).status).toBe(401);
        const roles = await app
          .http()
          .patch(`/users/${reg.body.id}/roles`)
          .set('Authorization', admin.auth)
          .send({ roles: ['editor'] });
        expect(roles.status, JSON.stringify(roles.body)).toBe(200);
      });
    await Promise.all([...work(a, adminA, 'a'), ...work(b, adminB, 'b')]);

    // 24 registrations and their 24 verification mails, 24 failed logins (batched), 24 role changes.
    const expected = before + 96;
    const deadline = Date.now() + 5000;
    let count = 0;
    while (Date.now() < deadline && (count = Number((await query<{ n: string }>('SELECT COUNT(*) AS n FROM audit_events'))[0].n)) < expected) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(count).toBe(expected);
    const seqs = (await query<{ seq: string }>('SELECT seq FROM audit_events ORDER BY seq')).map((r) => Number(r.seq));
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    for (const app of [a, b]) {
      const verdict = await app.http().get('/audit-events/verify').set('Authorization', adminA.auth);
      expect(verdict.body).toEqual({ ok: true, events: expected });
    }
    const [head] = await query<{ lastSeq: string }>('SELECT "lastSeq" FROM audit_chain WHERE id = 1');
    expect(Number(head.lastSeq)).toBe(expected);
  });
});
