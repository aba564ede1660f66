import type { Response } from 'supertest';
import { userWithRole } from './support/accounts.js';
import { PASSWORD, startApp, type TestApp } from './support/test-app.js';

// Issue 12, items 3 and 9: logins still hashing (queued behind argon2) when an admin changes the account.
const IN_FLIGHT = 8;

describe('logins that race an admin change', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<TestApp['admin']>>;
  beforeAll(async () => {
    // In-flight attempts count toward the lockout: room for them all.
    t = await startApp({ LOGIN_MAX_FAILURES: '100' });
    admin = await t.admin();
  });
  afterAll(() => t.close());

  /**
   * Starts IN_FLIGHT logins, lets them reach the argon2 queue, runs the admin's change, and returns the logins'
   * answers with whether each one answered after the admin's request had.
   */
  async function race(email: string, change: () => Promise<Response>): Promise<{ res: Response; late: boolean }[]> {
    let changedAt = Infinity;
    const logins = Array.from({ length: IN_FLIGHT }, () =>
      t
        .http()
        .post('/auth/login')
        .send({ email, password: PASSWORD })
        .then((res) => ({ res, at: Date.now() })),
    );
    await new Promise((r) => setTimeout(r, 20));
    const changed = await change();
    changedAt = Date.now();
    expect(changed.status).toBeLessThan(300);
    const done = await Promise.all(logins);
    const late = done.map(({ res, at }) => ({ res, late: at > changedAt }));
    // Otherwise the race did not happen and the test would prove nothing.
    expect(late.filter((l) => l.late).length).toBeGreaterThan(0);
    return late;
  }

  const verify = (token: string, role?: string) =>
    t
      .http()
      .get(`/auth/verify${role ? `?role=${role}` : ''}`)
      .set('Authorization', `Bearer ${token}`);

  it('a demoted editor gets no token that still carries the editor role', async () => {
    const editor = await userWithRole(t, 'editor');
    const article = await t.http().post('/articles').set('Authorization', editor.auth).send({ title: 'Draft', body: 'text' });
    expect(article.status).toBe(201);
    const results = await race(editor.email, () =>
      t
        .http()
        .patch(`/users/${editor.id}/roles`)
        .set('Authorization', admin.auth)
        .send({ roles: ['user'] }),
    );
    for (const { res } of results) {
      expect([200, 401]).toContain(res.status);
      if (res.status !== 200) continue;
      // Either the new roles, or a token of a session the demotion revoked.
      expect([401, 403]).toContain((await verify(res.body.accessToken, 'editor')).status);
      const publish = await t.http().post(`/articles/${article.body.id}/publish`).set('Authorization', `Bearer ${res.body.accessToken}`);
      expect([401, 403]).toContain(publish.status);
    }
  });

  it('a disabled account gets no usable token', async () => {
    const u = await t.user();
    const results = await race(u.email, () => t.http().patch(`/users/${u.id}/status`).set('Authorization', admin.auth).send({ disabled: true }));
    for (const { res } of results) {
      expect([200, 401, 403]).toContain(res.status);
      if (res.status !== 200) continue;
      expect((await verify(res.body.accessToken)).status).toBe(401);
      expect((await t.http().post('/auth/refresh').send({ refreshToken: res.body.refreshToken })).status).toBe(401);
    }
  });

  it('a deleted account answers 401 (or 403 while it is being deleted), never 500, and no token works', async () => {
    const u = await t.user();
    const results = await race(u.email, () => t.http().delete(`/users/${u.id}`).set('Authorization', admin.auth));
    expect(results.map(({ res }) => res.status)).not.toContain(500);
    for (const { res } of results) {
      expect([200, 401, 403]).toContain(res.status);
      if (res.status !== 200) continue;
      expect((await verify(res.body.accessToken)).status).toBe(401);
    }
  });
});
