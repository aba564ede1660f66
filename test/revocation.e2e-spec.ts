import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { RevokedSession } from '../src/sessions/index.js';
import { services } from './support/services.js';
import { decodeSegment } from './support/test-app.js';
import { PASSWORD, startApp, type TestApp } from './support/test-app.js';

describe('admin actions revoke at once', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<TestApp['admin']>>;
  beforeAll(async () => {
    t = await startApp();
    admin = await t.admin();
  });
  afterAll(() => t.close());

  const me = (accessToken: string) => t.http().get('/auth/me').set('Authorization', `Bearer ${accessToken}`);
  const refresh = (refreshToken: string) => t.http().post('/auth/refresh').send({ refreshToken });
  const asAdmin = () => ({
    patch: (path: string, body: object) => t.http().patch(path).set('Authorization', admin.auth).send(body),
    del: (path: string) => t.http().delete(path).set('Authorization', admin.auth),
  });

  it('a role change stops every token the user holds; a new login carries the new roles', async () => {
    const u = await t.user();
    const bystander = await t.user();
    const res = await asAdmin().patch(`/users/${u.id}/roles`, { roles: ['editor'] });
    expect(res.status).toBe(200);
    expect(res.body.roles).toEqual(['editor']);

    expect((await me(u.accessToken)).status).toBe(401);
    expect((await refresh(u.refreshToken)).status).toBe(401);
    expect((await me(bystander.accessToken)).status).toBe(200);

    const again = await t.http().post('/auth/login').send({ email: u.email, password: PASSWORD });
    expect(again.status).toBe(200);
    const verify = await t.http().get('/auth/verify?role=editor').set('Authorization', `Bearer ${again.body.accessToken}`);
    expect(verify.status).toBe(200);
    expect(verify.body.roles).toEqual(['editor']);
  });

  it('disabling stops every token, refuses refresh (401) and login (403); enabling lets the user back in', async () => {
    const u = await t.user();
    expect((await asAdmin().patch(`/users/${u.id}/status`, { disabled: true })).status).toBe(200);

    expect((await me(u.accessToken)).status).toBe(401);
    expect((await refresh(u.refreshToken)).status).toBe(401);
    const login = await t.http().post('/auth/login').send({ email: u.email, password: PASSWORD });
    expect(login.status).toBe(403);
    // A wrong password on a disabled account still says only "Invalid credentials".
    const wrong = await t.http().post('/auth/login').send({ email: u.email, password: 'not the password' });
    expect(wrong.status).toBe(401);

    const enabled = await asAdmin().patch(`/users/${u.id}/status`, { disabled: false });
    expect(enabled.body.disabled).toBe(false);
    expect((await t.http().post('/auth/login').send({ email: u.email, password: PASSWORD })).status).toBe(200);
  });

  it('deleting a user stops their tokens; their refresh answers 401, never 500', async () => {
    const u = await t.user();
    expect((await asAdmin().del(`/users/${u.id}`)).status).toBe(204);
    expect((await me(u.accessToken)).status).toBe(401);
    const res = await refresh(u.refreshToken);
    expect(res.status).toBe(401);
    expect((await t.http().post('/auth/login').send({ email: u.email, password: PASSWORD })).status).toBe(401);
    expect((await asAdmin().del(`/users/${u.id}`)).status).toBe(404);
  });
});

describe('revocations survive a restart', () => {
  it('keeps a logged-out token dead and a live token alive on a new app over the same database', async () => {
    const first = await startApp();
    const u = await first.user();
    const live = (await first.http().post('/auth/login').send({ email: u.email, password: PASSWORD })).body;
    expect((await first.http().post('/auth/logout').set('Authorization', u.auth)).status).toBe(204);
    await first.close({ keepFiles: true });

    const second = await startApp({}, first.dir);
    try {
      const dead = await second.http().get('/auth/me').set('Authorization', u.auth);
      expect(dead.status).toBe(401);
      const alive = await second.http().get('/auth/me').set('Authorization', `Bearer ${live.accessToken}`);
      expect(alive.status).toBe(200);
      expect((await second.http().post('/auth/refresh').send({ refreshToken: u.refreshToken })).status).toBe(401);
      expect((await second.http().post('/auth/refresh').send({ refreshToken: live.refreshToken })).status).toBe(200);
    } finally {
      await second.close();
      rmSync(first.dir, { recursive: true, force: true });
    }
  });
});

// The database store's cross-process pick-up; with REDIS_URL (the services suite) revocations travel by pub/sub instead,
// which test/services/multi-instance.e2e-spec.ts covers.
describe.skipIf(Boolean(services.redisUrl))('revocations written by another process (database revocation store)', () => {
  it('reach a running app within two seconds (the operator CLI, a second process on the same SQLite file)', async () => {
    const t = await startApp();
    try {
      const u = await t.user();
      const verify = () => t.http().get('/auth/verify').set('Authorization', u.auth);
      expect((await verify()).status).toBe(200);
      // Straight into the table, as another process would write it: this app's memory does not know.
      const sid = decodeSegment(u.accessToken, 1).sid as string;
      await t.app
        .get(DataSource)
        .getRepository(RevokedSession)
        .insert({ sid, expiresAt: new Date(Date.now() + 905_000) });
      const deadline = Date.now() + 2_000;
      let status = 200;
      while (status === 200 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        status = (await verify()).status;
      }
      expect(status).toBe(401);
    } finally {
      await t.close();
    }
  });
  it('are all read back on start, page after page: revocations before and after 2,500 others stay final', async () => {
    const first = await startApp();
    const early = await first.user();
    const late = await first.user();
    const live = await first.user();
    expect((await first.http().post('/auth/logout').set('Authorization', early.auth)).status).toBe(204);
    const revocations = first.app.get(DataSource).getRepository(RevokedSession);
    const expiresAt = new Date(Date.now() + 905_000);
    for (let i = 0; i < 2_500; i += 500) {
      await revocations.insert(Array.from({ length: 500 }, () => ({ sid: randomUUID(), expiresAt })));
    }
    expect((await first.http().post('/auth/logout').set('Authorization', late.auth)).status).toBe(204);
    await first.close({ keepFiles: true });

    const second = await startApp({}, first.dir);
    try {
      const me = (auth: string) => second.http().get('/auth/me').set('Authorization', auth);
      expect((await me(early.auth)).status).toBe(401);
      expect((await me(late.auth)).status).toBe(401);
      expect((await me(live.auth)).status).toBe(200);
    } finally {
      await second.close();
      rmSync(first.dir, { recursive: true, force: true });
    }
  });
});
