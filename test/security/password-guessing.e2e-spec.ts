import { PASSWORD, startApp, type TestApp } from '../support/test-app.js';

const NEW_PASSWORD = 'a brand new password';

// POST /auth/password checks the current password with argon2 like login does, so it gets the same lockout:
// LOGIN_MAX_FAILURES=3 per account and client, shared with failed logins; the session that reaches it is revoked.
describe('guessing the current password through POST /auth/password', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ LOGIN_MAX_FAILURES: '3', LOGIN_WINDOW: '60', LOGIN_LOCK: '60' });
  });
  afterAll(() => t.close());

  const change = (auth: string, currentPassword: string) =>
    t.http().post('/auth/password').set('Authorization', auth).send({ currentPassword, newPassword: NEW_PASSWORD });
  const login = (email: string, password: string) => t.http().post('/auth/login').send({ email, password });

  it('a stolen access token gets 3 guesses, then its session is revoked and the right password no longer helps', async () => {
    const victim = await t.user();
    const thief = await login(victim.email, PASSWORD); // the session whose access token was stolen
    const stolen = `Bearer ${thief.body.accessToken}`;

    for (let i = 0; i < 3; i++) {
      const res = await change(stolen, `guess ${i}`);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('AUTH_WRONG_PASSWORD');
    }
    const fourth = await change(stolen, PASSWORD);
    expect(fourth.status).toBe(401);
    expect(fourth.body.code).toBe('AUTH_TOKEN_INVALID');
    expect((await t.http().get('/auth/me').set('Authorization', stolen)).status).toBe(401);
    expect((await t.http().post('/auth/refresh').send({ refreshToken: thief.body.refreshToken })).status).toBe(401);

    // The password did not change; the guesses count as failed logins from this client; the victim's own
    // session (another one) keeps working.
    const locked = await login(victim.email, PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('AUTH_LOGIN_LOCKED');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(50);
    expect((await t.http().get('/auth/me').set('Authorization', victim.auth)).status).toBe(200);
  });

  it('shares one counter with failed logins: after two failed logins one wrong guess locks, and a locked client gets 429 and loses its session', async () => {
    const victim = await t.user();
    const thief = await login(victim.email, PASSWORD);
    const stolen = `Bearer ${thief.body.accessToken}`;
    for (let i = 0; i < 2; i++) expect((await login(victim.email, `wrong ${i}`)).status).toBe(401);
    expect((await change(stolen, 'guess')).status).toBe(401);
    expect((await t.http().get('/auth/me').set('Authorization', stolen)).status).toBe(401);
    expect((await login(victim.email, PASSWORD)).status).toBe(429);

    const other = await t.user();
    const otherThief = `Bearer ${(await login(other.email, PASSWORD)).body.accessToken}`;
    for (let i = 0; i < 3; i++) expect((await login(other.email, `wrong ${i}`)).status).toBe(401);
    const refused = await change(otherThief, PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('AUTH_LOGIN_LOCKED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(50);
    expect((await t.http().get('/auth/me').set('Authorization', otherThief)).status).toBe(401);
    expect((await login(other.email, NEW_PASSWORD)).status).toBe(429);
  });

  it('the right current password still changes it, and resets the count', async () => {
    const u = await t.user();
    expect((await change(u.auth, 'guess a')).status).toBe(401);
    expect((await change(u.auth, 'guess b')).status).toBe(401);
    expect((await change(u.auth, PASSWORD)).status).toBe(204);
    expect((await login(u.email, 'wrong after')).status).toBe(401);
    expect((await login(u.email, NEW_PASSWORD)).status).toBe(200);
  });
});
