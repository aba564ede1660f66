import type { Response } from 'supertest';
import { userWithRole } from './support/accounts.js';
import { PasswordHasherService } from '../src/auth/index.js';
import { waitFor } from './support/redis-server.js';
import { PASSWORD, startApp, type TestApp } from './support/test-app.js';

// Issue 12, items 3 and 9: logins still hashing (queued behind argon2) when an admin changes the account.
const IN_FLIGHT = 8;

function gate(): { passed: Promise<void>; open: () => void } {
  let open!: () => void;
  const passed = new Promise<void>((resolve) => (open = resolve));
  return { passed, open };
}

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
   * Starts IN_FLIGHT logins and holds each one at its password check (the argon2 queue) until all have reached it.
   * Then half are let go as the admin's change is sent, so they race it, and the other half only once it has
   * answered, so the race always has logins that finish after the change (waiting on the clock made that a coin toss).
   */
  async function race(email: string, change: () => Promise<Response>): Promise<{ res: Response; late: boolean }[]> {
    const hasher = t.app.get(PasswordHasherService);
    const verifyPassword = hasher.verify.bind(hasher);
    const racing = gate();
    const late = gate();
    let held = 0;
    hasher.verify = async (hash, password) => {
      held += 1;
      await (held % 2 === 1 ? racing.passed : late.passed);
      return verifyPassword(hash, password);
    };
    try {
      let changedAt = Infinity;
      const logins = Array.from({ length: IN_FLIGHT }, () =>
        t
          .http()
          .post('/auth/login')
          .send({ email, password: PASSWORD })
          .then((res) => ({ res, at: Date.now() })),
      );
      await waitFor(async () => held === IN_FLIGHT, 10_000, 'the logins reaching the password check');
      const changing = change();
      racing.open();
      const changed = await changing;
      changedAt = Date.now();
      late.open();
      expect(changed.status).toBeLessThan(300);
      const done = await Promise.all(logins);
      const answers = done.map(({ res, at }) => ({ res, late: at > changedAt }));
      expect(answers.filter((l) => l.late).length).toBeGreaterThanOrEqual(IN_FLIGHT / 2);
      return answers;
    } finally {
      racing.open();
      late.open();
      hasher.verify = verifyPassword;
    }
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
