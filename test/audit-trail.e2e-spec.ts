import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AuditBatchAppender } from '../src/audit/index.js';
import { runCli } from '../src/cli/index.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, PASSWORD, startApp, uniqueEmail, type TestApp } from './support/test-app.js';

interface AuditItem {
  id: string;
  at: string;
  type: string;
  actorId: string | null;
  subjectId: string | null;
  sessionId: string | null;
  ip: string | null;
  userAgent: string | null;
  outcome: string;
  details: Record<string, unknown>;
}

const AGENT = 'AuditTest/1.0 (e2e)';

describe('audit trail: every event once, hash-chained, tamper-evident', () => {
  let t: TestApp;
  let adminAuth: string;
  const secrets: string[] = [ADMIN_PASSWORD, PASSWORD];

  beforeAll(async () => {
    t = await startApp();
    const admin = await t.admin();
    adminAuth = admin.auth;
    secrets.push(admin.accessToken, admin.refreshToken);
  });
  afterAll(() => t.close());

  const db = () => t.app.get(DataSource);
  /** The failed-login and lockout rows are appended in batches; tests wait for the batch instead of sleeping. */
  const flush = () => t.app.get(AuditBatchAppender).flush();
  const search = async (query: Record<string, string | number>): Promise<{ items: AuditItem[]; total: number }> => {
    await flush();
    const res = await t.http().get('/audit-events').query(query).set('Authorization', adminAuth);
    expect(res.status).toBe(200);
    return res.body;
  };
  const about = async (subjectId: string) => (await search({ subjectId, limit: 100 })).items;
  const types = (items: AuditItem[]) => items.map((i) => i.type).sort();
  const cli = async (argv: string[], stdin?: string) => {
    let out = '';
    let err = '';
    const code = await runCli(argv, t.config, { out: (l) => (out += l), err: (l) => (err += l), readStdin: async () => stdin });
    return { code, out, err };
  };
  const verify = async () => {
    const res = await t.http().get('/audit-events/verify').set('Authorization', adminAuth);
    expect(res.status).toBe(200);
    return res.body as { ok: boolean; events: number; firstBrokenId?: string };
  };

  it('records start-up: the bootstrap admin created by `system`', async () => {
    const admin = await t.http().get('/auth/me').set('Authorization', adminAuth);
    const rows = await about(admin.body.id);
    const created = rows.filter((r) => r.type === 'user.created');
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ actorId: 'system', outcome: 'success', ip: null, details: { roles: ['admin'], registration: false } });
    expect(rows.filter((r) => r.type === 'bootstrap.admin_checked')).toHaveLength(1);
  });

  it("stores one row per action of a user's own flows, with the request's IP and user agent", async () => {
    const email = uniqueEmail('audited');
    const reg = await t.http().post('/auth/register').set('User-Agent', AGENT).send({ email, password: PASSWORD });
    const id = reg.body.id as string;
    const login = await t.http().post('/auth/login').set('User-Agent', AGENT).send({ email, password: PASSWORD });
    secrets.push(login.body.accessToken, login.body.refreshToken);
    expect((await t.http().post('/auth/login').send({ email, password: 'wrong password 1' })).status).toBe(401);
    const refreshed = await t.http().post('/auth/refresh').send({ refreshToken: login.body.refreshToken });
    secrets.push(refreshed.body.accessToken, refreshed.body.refreshToken);
    expect((await t.http().post('/auth/refresh').send({ refreshToken: login.body.refreshToken })).status).toBe(401);
    const second = await t.http().post('/auth/login').send({ email, password: PASSWORD });
    const auth = `Bearer ${second.body.accessToken}`;
    const newPassword = 'a brand new passphrase';
    secrets.push(newPassword, second.body.accessToken, second.body.refreshToken);
    const change = await t.http().post('/auth/password').set('Authorization', auth).send({ currentPassword: PASSWORD, newPassword });
    expect(change.status).toBe(204);
    expect((await t.http().post('/auth/logout').set('Authorization', auth)).status).toBe(204);
    const third = await t.http().post('/auth/login').send({ email, password: newPassword });
    expect((await t.http().post('/auth/logout-all').set('Authorization', `Bearer ${third.body.accessToken}`)).status).toBe(204);

    const rows = await about(id);
    expect(types(rows)).toEqual(
      [
        'email.verification_sent',
        'login.failed',
        'login.succeeded',
        'login.succeeded',
        'login.succeeded',
        'logout',
        'logout.all',
        'password.changed',
        'refresh.reused',
        'user.created',
      ].sort(),
    );
    const first = rows.find((r) => r.type === 'login.succeeded' && r.userAgent === AGENT);
    expect(first).toMatchObject({ actorId: id, subjectId: id, outcome: 'success', ip: expect.stringMatching(/127\.0\.0\.1/) });
    expect(first?.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(rows.find((r) => r.type === 'user.created')).toMatchObject({ actorId: id, userAgent: AGENT, details: { registration: true } });
    expect(rows.find((r) => r.type === 'login.failed')).toMatchObject({ outcome: 'failure', details: { knownAccount: true } });
    expect(rows.find((r) => r.type === 'refresh.reused')).toMatchObject({ outcome: 'refused', sessionId: first?.sessionId });
    expect(rows.find((r) => r.type === 'logout.all')?.details).toEqual({ sessionsRevoked: 1 });
    // Newest first.
    expect(rows.map((r) => r.at)).toEqual([...rows.map((r) => r.at)].sort().reverse());
  });

  it("stores an admin's changes with the admin as actor, and the CLI's with operator-cli", async () => {
    const target = await t.user();
    secrets.push(target.accessToken, target.refreshToken);
    const patch = (path: string, body: object) => t.http().patch(`/users/${target.id}/${path}`).set('Authorization', adminAuth).send(body);
    expect((await patch('roles', { roles: ['editor'] })).status).toBe(200);
    expect((await patch('status', { disabled: true })).status).toBe(200);
    expect((await patch('status', { disabled: false })).status).toBe(200);
    const admin = await t.http().get('/auth/me').set('Authorization', adminAuth);
    const byAdmin = (await about(target.id)).filter((r) => r.actorId === admin.body.id);
    expect(types(byAdmin)).toEqual(['user.disabled', 'user.enabled', 'user.roles_changed']);
    expect(byAdmin.find((r) => r.type === 'user.roles_changed')?.details).toEqual({ roles: ['editor'] });

    const cliEmail = uniqueEmail('cli');
    expect((await cli(['create-user', '--email', cliEmail, '--roles', 'editor'], `${PASSWORD}\n`)).code).toBe(0);
    expect((await cli(['set-roles', '--email', cliEmail, '--roles', 'user'])).code).toBe(0);
    expect((await cli(['disable', '--email', cliEmail])).code).toBe(0);
    expect((await cli(['enable', '--email', cliEmail])).code).toBe(0);
    expect((await cli(['rotate-keys'])).code).toBe(0);
    const cliRows = (await search({ actorId: 'operator-cli', limit: 100 })).items;
    expect(types(cliRows)).toEqual(['signing_key.rotated', 'user.created', 'user.disabled', 'user.enabled', 'user.roles_changed']);
    expect(cliRows.every((r) => r.ip === null && r.userAgent === null)).toBe(true);
    expect(cliRows.find((r) => r.type === 'signing_key.rotated')?.details).toMatchObject({ kid: expect.any(String) });

    expect((await t.http().delete(`/users/${target.id}`).set('Authorization', adminAuth)).status).toBe(204);
    expect((await search({ type: 'user.deleted', subjectId: target.id })).items).toHaveLength(1);
  });

  it('records a lockout once, beside the failed logins that caused it', async () => {
    const victim = await t.user();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (
          await t
            .http()
            .post('/auth/login')
            .send({ email: victim.email, password: `wrong ${i} guess` })
        ).status,
      );
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect((await search({ type: 'login.failed', subjectId: victim.id })).total).toBe(5);
    const locks = (await search({ type: 'login.locked', limit: 100 })).items;
    expect(locks).toHaveLength(1);
    expect(locks[0]).toMatchObject({ outcome: 'refused', details: { scope: 'client', lockSeconds: 900 } });
  });

  it('filters by type, actor, subject and time, pages, and refuses bad filters with 400', async () => {
    const all = await search({ limit: 100 });
    expect(all.total).toBeGreaterThan(20);
    const page2 = await search({ limit: 5, page: 2 });
    expect(page2.items.map((i) => i.id)).toEqual(all.items.slice(5, 10).map((i) => i.id));
    const middle = all.items[10].at;
    const older = await search({ to: middle, limit: 100 });
    expect(older.items.every((i) => i.at < middle)).toBe(true);
    const newer = await search({ from: middle, limit: 100 });
    expect(newer.total + older.total).toBe(all.total);
    for (const bad of [{ from: 'yesterday' }, { subjectId: 'not-a-uuid' }, { limit: 101 }, { type: 'DROP TABLE' }, { colour: 'red' }]) {
      expect((await t.http().get('/audit-events').query(bad).set('Authorization', adminAuth)).status).toBe(400);
    }
    const reversed = await t.http().get('/audit-events').query({ from: middle, to: middle }).set('Authorization', adminAuth);
    expect(reversed.status).toBe(400);
    expect(reversed.body.message).toContain('`from` must be before `to`');
  });

  it('keeps the audit endpoints to admins, and shows each user only their own activity', async () => {
    const someone = await t.user();
    secrets.push(someone.accessToken, someone.refreshToken);
    for (const path of ['/audit-events', '/audit-events/verify']) {
      expect((await t.http().get(path).set('Authorization', someone.auth)).status).toBe(403);
      expect((await t.http().get(path)).status).toBe(401);
    }
    await t.http().post('/auth/login').set('User-Agent', AGENT).send({ email: someone.email, password: PASSWORD });
    const activity = await t.http().get('/auth/activity').query({ limit: 10 }).set('Authorization', someone.auth);
    expect(activity.status).toBe(200);
    expect(activity.body.items.every((i: AuditItem) => i.subjectId === someone.id)).toBe(true);
    expect(activity.body.items[0]).toMatchObject({ type: 'login.succeeded', userAgent: AGENT, ip: expect.any(String) });
    expect(types(activity.body.items)).toEqual(['email.verification_sent', 'login.succeeded', 'login.succeeded', 'user.created']);
    expect((await t.http().get('/auth/activity')).status).toBe(401);
  });

  it('stores no secret: no password, token or key appears in any row', async () => {
    const keys = readdirSync(join(t.dir, 'keys')).map((f) => readFileSync(join(t.dir, 'keys', f), 'utf8'));
    const rows: Record<string, unknown>[] = await db().query('SELECT * FROM audit_events');
    expect(rows.length).toBeGreaterThan(30);
    const stored = JSON.stringify(rows);
    for (const secret of [...secrets, ...keys.flatMap((k) => k.split('\n').filter((l) => l.length > 20))]) {
      expect(stored.includes(secret), `a secret was stored: ${secret.slice(0, 12)}…`).toBe(false);
    }
    expect(stored).not.toContain(ADMIN_EMAIL);
    expect(stored).not.toMatch(/@example\.com/);
  });

  it('verifies the chain end to end, over HTTP and with `npm run cli -- audit-verify`', async () => {
    await flush();
    const total = (await search({ limit: 1 })).total;
    expect(await verify()).toEqual({ ok: true, events: total });
    const run = await cli(['audit-verify']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({ ok: true });
  });

  describe('an edit made with SQL is found at the row it touched', () => {
    const rowAt = async (offset: number) =>
      (await db().query(`SELECT seq, id, details, "actorId" FROM audit_events ORDER BY seq LIMIT 1 OFFSET ${offset}`))[0] as {
        seq: number;
        id: string;
        details: string;
        actorId: string;
      };

    it('an edited column', async () => {
      const row = await rowAt(7);
      await db().query(`UPDATE audit_events SET "actorId" = 'someone-else' WHERE seq = ${row.seq}`);
      expect(await verify()).toMatchObject({ ok: false, firstBrokenId: row.id });
      const run = await cli(['audit-verify']);
      expect(run.code).toBe(1);
      expect(run.err).toContain(row.id);
      await db().query(`UPDATE audit_events SET "actorId" = '${row.actorId}' WHERE seq = ${row.seq}`);
      expect((await verify()).ok).toBe(true);
    });

    it('edited details', async () => {
      const row = await rowAt(3);
      await db().query(`UPDATE audit_events SET details = '{"forged":true}' WHERE seq = ${row.seq}`);
      expect(await verify()).toMatchObject({ ok: false, firstBrokenId: row.id });
      await db().query(`UPDATE audit_events SET details = '${row.details}' WHERE seq = ${row.seq}`);
      expect((await verify()).ok).toBe(true);
    });

    it('a deleted row (found at the row after it) and deleted rows at the end', async () => {
      const [removed, next] = [await rowAt(5), await rowAt(6)];
      const saved: Record<string, unknown>[] = await db().query(`SELECT * FROM audit_events WHERE seq = ${removed.seq}`);
      await db().query(`DELETE FROM audit_events WHERE seq = ${removed.seq}`);
      expect(await verify()).toMatchObject({ ok: false, firstBrokenId: next.id });
      await db().createQueryBuilder().insert().into('audit_events').values(saved).execute();
      expect((await verify()).ok).toBe(true);

      const last: Record<string, unknown>[] = await db().query('SELECT * FROM audit_events ORDER BY seq DESC LIMIT 1');
      await db().query(`DELETE FROM audit_events WHERE seq = ${last[0].seq as number}`);
      const verdict = await verify();
      expect(verdict.ok).toBe(false);
      expect(verdict.firstBrokenId).toBeUndefined();
      await db().createQueryBuilder().insert().into('audit_events').values(last).execute();
      expect((await verify()).ok).toBe(true);
    });

    it('two rows swapped', async () => {
      const [a, b] = [await rowAt(9), await rowAt(10)];
      const swap = async (x: number, y: number) => {
        await db().query(`UPDATE audit_events SET seq = -1 WHERE seq = ${x}`);
        await db().query(`UPDATE audit_events SET seq = ${x} WHERE seq = ${y}`);
        await db().query(`UPDATE audit_events SET seq = ${y} WHERE seq = -1`);
      };
      await swap(a.seq, b.seq);
      expect(await verify()).toMatchObject({ ok: false, firstBrokenId: b.id });
      await swap(a.seq, b.seq);
      expect((await verify()).ok).toBe(true);
    });
  });

  it('rolls the change back when its audit row cannot be stored (same transaction)', async () => {
    const target = await t.user();
    await db().query('ALTER TABLE audit_events RENAME TO audit_events_away');
    try {
      const res = await t
        .http()
        .patch(`/users/${target.id}/roles`)
        .set('Authorization', adminAuth)
        .send({ roles: ['editor'] });
      expect(res.status).toBe(500);
      expect(JSON.stringify(res.body)).not.toMatch(/audit_events|SQLITE|relation/i);
    } finally {
      await db().query('ALTER TABLE audit_events_away RENAME TO audit_events');
    }
    const user = await t.http().get(`/users/${target.id}`).set('Authorization', adminAuth);
    expect(user.body.roles).toEqual(['user']);
    expect((await search({ type: 'user.roles_changed', subjectId: target.id })).total).toBe(0);
    expect((await verify()).ok).toBe(true);
  });
});
