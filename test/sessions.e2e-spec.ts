import { DataSource } from 'typeorm';
import { RefreshToken, Session, SessionsService } from '../src/sessions/index.js';
import { PASSWORD, startApp, uniqueEmail, type TestApp } from './support/test-app.js';

describe('sessions and refresh rotation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  const me = (accessToken: string) => t.http().get('/auth/me').set('Authorization', `Bearer ${accessToken}`);
  const refresh = (refreshToken: string) => t.http().post('/auth/refresh').send({ refreshToken });
  const login = (email: string, password = PASSWORD, userAgent = 'test-agent') =>
    t.http().post('/auth/login').set('User-Agent', userAgent).send({ email, password });

  it('rotates the refresh token: a new pair, and the new access token works', async () => {
    const u = await t.user();
    const res = await refresh(u.refreshToken);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    expect(res.body.refreshToken).not.toBe(u.refreshToken);
    expect(res.body.refreshToken.length).toBeGreaterThanOrEqual(43);
    expect((await me(res.body.accessToken)).status).toBe(200);
  });

  it('treats a reused refresh token as theft and kills the whole session', async () => {
    const u = await t.user();
    const rotated = await refresh(u.refreshToken);
    expect(rotated.status).toBe(200);

    const reuse = await refresh(u.refreshToken);
    expect(reuse.status).toBe(401);
    expect(reuse.body.code).toBe('AUTH_REFRESH_REUSED');

    // Every token of the session is dead: the first access token, the rotated one, and the newest refresh token.
    expect((await me(u.accessToken)).status).toBe(401);
    expect((await me(rotated.body.accessToken)).status).toBe(401);
    expect((await refresh(rotated.body.refreshToken)).status).toBe(401);
  });

  it('lets at most one of several concurrent refreshes with one token through, and the reuse kills the session', async () => {
    const u = await t.user();
    const results = await Promise.all(Array.from({ length: 6 }, () => refresh(u.refreshToken)));
    const winners = results.filter((r) => r.status === 200);
    expect(winners.length).toBeLessThanOrEqual(1);
    expect(results.filter((r) => r.status === 401)).toHaveLength(6 - winners.length);
    // The losers revoke the session; a winner that signed before that learns it on its next request.
    for (const winner of winners) {
      expect((await me(winner.body.accessToken)).status).toBe(401);
      expect((await refresh(winner.body.refreshToken)).status).toBe(401);
    }
    expect((await me(u.accessToken)).status).toBe(401);
  });

  it('answers 401 for an unknown or malformed refresh token, and 400 for a missing one', async () => {
    expect((await refresh('x'.repeat(43))).status).toBe(401);
    expect((await t.http().post('/auth/refresh').send({})).status).toBe(400);
    expect(
      (
        await t
          .http()
          .post('/auth/refresh')
          .send({ refreshToken: { $ne: null } })
      ).status,
    ).toBe(400);
  });

  it("logout revokes this session at once and leaves the user's other sessions alone", async () => {
    const u = await t.user();
    const other = (await login(u.email)).body;

    const out = await t.http().post('/auth/logout').set('Authorization', u.auth);
    expect(out.status).toBe(204);
    expect((await me(u.accessToken)).status).toBe(401);
    expect((await refresh(u.refreshToken)).status).toBe(401);
    expect((await me(other.accessToken)).status).toBe(200);
    expect((await refresh(other.refreshToken)).status).toBe(200);
  });

  it("logout-all revokes every session of the user and no other user's", async () => {
    const u = await t.user();
    const second = (await login(u.email)).body;
    const bystander = await t.user();

    expect((await t.http().post('/auth/logout-all').set('Authorization', u.auth)).status).toBe(204);
    expect((await me(u.accessToken)).status).toBe(401);
    expect((await me(second.accessToken)).status).toBe(401);
    expect((await refresh(second.refreshToken)).status).toBe(401);
    expect((await me(bystander.accessToken)).status).toBe(200);
  });

  it('a password change keeps the current session and revokes every other one', async () => {
    const u = await t.user();
    const other = (await login(u.email)).body;
    const newPassword = 'a brand new passphrase';

    const wrong = await t.http().post('/auth/password').set('Authorization', u.auth).send({ currentPassword: 'not it at all', newPassword });
    expect(wrong.status).toBe(401);
    expect((await me(other.accessToken)).status).toBe(200);

    const ok = await t.http().post('/auth/password').set('Authorization', u.auth).send({ currentPassword: PASSWORD, newPassword });
    expect(ok.status).toBe(204);
    expect((await me(u.accessToken)).status).toBe(200);
    expect((await me(other.accessToken)).status).toBe(401);
    expect((await refresh(other.refreshToken)).status).toBe(401);
    expect((await login(u.email, PASSWORD)).status).toBe(401);
    expect((await login(u.email, newPassword)).status).toBe(200);
  });

  it('rejects a too-short new password with 400 and changes nothing', async () => {
    const u = await t.user();
    const res = await t.http().post('/auth/password').set('Authorization', u.auth).send({ currentPassword: PASSWORD, newPassword: 'short' });
    expect(res.status).toBe(400);
    expect((await login(u.email, PASSWORD)).status).toBe(200);
  });

  it("lists the user's live sessions with the current one marked", async () => {
    const u = await t.user();
    await login(u.email, PASSWORD, 'second-browser');
    const res = await t.http().get('/auth/sessions').set('Authorization', u.auth);
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(2);
    const current = res.body.filter((s: { current: boolean }) => s.current);
    expect(current).toHaveLength(1);
    expect(res.body.map((s: { userAgent: string }) => s.userAgent)).toContain('second-browser');
    for (const s of res.body) {
      expect(Object.keys(s).sort()).toEqual(['createdAt', 'current', 'id', 'ip', 'lastUsedAt', 'userAgent']);
      expect(new Date(s.createdAt).toISOString()).toBe(s.createdAt);
    }
  });

  it("deletes one of its own sessions, and answers 404 for another user's session", async () => {
    const u = await t.user();
    const other = (await login(u.email)).body;
    const sessions = (await t.http().get('/auth/sessions').set('Authorization', u.auth)).body as { id: string; current: boolean }[];
    const otherSid = sessions.find((s) => !s.current)!.id;

    const stranger = await t.user();
    const denied = await t.http().delete(`/auth/sessions/${otherSid}`).set('Authorization', stranger.auth);
    expect(denied.status).toBe(404);
    expect((await me(other.accessToken)).status).toBe(200);

    expect((await t.http().delete(`/auth/sessions/${otherSid}`).set('Authorization', u.auth)).status).toBe(204);
    expect((await me(other.accessToken)).status).toBe(401);
    expect((await refresh(other.refreshToken)).status).toBe(401);
    expect((await me(u.accessToken)).status).toBe(200);
    expect((await t.http().delete('/auth/sessions/not-a-uuid').set('Authorization', u.auth)).status).toBe(400);
  });

  it('makes /auth/verify honour revocation exactly like guarded routes', async () => {
    const u = await t.user();
    const verify = () => t.http().get('/auth/verify').set('Authorization', u.auth);
    expect((await verify()).status).toBe(200);
    await t.http().post('/auth/logout').set('Authorization', u.auth);
    const res = await verify();
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="gatehouse", error="invalid_token"');
  });

  it('lets one of several concurrent registrations of an email win; the rest get 409', async () => {
    const email = uniqueEmail('race');
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        t
          .http()
          .post('/auth/register')
          .send({ email: i % 2 ? email.toUpperCase() : email, password: PASSWORD }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(4);
  });

  it('purges sessions that can no longer back a live token', async () => {
    const u = await t.user();
    await t.http().post('/auth/logout').set('Authorization', u.auth);
    const db = t.app.get(DataSource);
    const sid = (await db.getRepository(Session).findOneOrFail({ where: { userId: u.id } })).id;
    // Age the revocation past the longest access token lifetime, as if 16 minutes had passed.
    await db.getRepository(Session).update({ id: sid }, { revokedAt: new Date(Date.now() - 16 * 60_000) });
    await t.app.get(SessionsService).purgeExpired();
    expect(await db.getRepository(Session).countBy({ id: sid })).toBe(0);
    expect(await db.getRepository(RefreshToken).countBy({ sessionId: sid })).toBe(0);
  });
});

describe('refresh token lifetime', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ ACCESS_TOKEN_TTL: '1', REFRESH_TOKEN_TTL: '2' });
  });
  afterAll(() => t.close());

  it('refuses a refresh token past REFRESH_TOKEN_TTL, and rotation does not extend the session', async () => {
    const u = await t.user();
    await new Promise((r) => setTimeout(r, 1000));
    const first = await t.http().post('/auth/refresh').send({ refreshToken: u.refreshToken });
    expect(first.status).toBe(200);
    await new Promise((r) => setTimeout(r, 1300));
    const late = await t.http().post('/auth/refresh').send({ refreshToken: first.body.refreshToken });
    expect(late.status).toBe(401);
  });
});

describe('GET /auth/me per session', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('shows the new roles through the new session after a role change, never the old ones', async () => {
    const u = await t.user();
    const admin = await t.admin();
    expect((await t.http().get('/auth/me').set('Authorization', u.auth)).body.roles).toEqual(['user']);
    await t
      .http()
      .patch(`/users/${u.id}/roles`)
      .set('Authorization', admin.auth)
      .send({ roles: ['editor'] })
      .expect(200);
    expect((await t.http().get('/auth/me').set('Authorization', u.auth)).status).toBe(401);
    const again = await t.http().post('/auth/login').send({ email: u.email, password: PASSWORD });
    const me = await t.http().get('/auth/me').set('Authorization', `Bearer ${again.body.accessToken}`);
    expect(me.body.roles).toEqual(['editor']);
  });
});
