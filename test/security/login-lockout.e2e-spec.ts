import { PASSWORD, startApp, uniqueEmail, type TestApp } from '../support/test-app.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// LOGIN_MAX_FAILURES=3 within LOGIN_WINDOW=3s locks the account for LOGIN_LOCK=2s.
describe('per-account login lockout', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ LOGIN_MAX_FAILURES: '3', LOGIN_WINDOW: '3', LOGIN_LOCK: '2' });
  });
  afterAll(() => t.close());

  const login = (email: string, password: string) => t.http().post('/auth/login').send({ email, password });

  async function expectLocked(email: string, password = PASSWORD): Promise<number> {
    const res = await login(email, password);
    expect(res.status).toBe(429);
    expect(res.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: 'Too many failed logins; try again later',
      code: 'AUTH_LOGIN_LOCKED',
    });
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(2);
    expect(res.body.accessToken).toBeUndefined();
    return retryAfter;
  }

  it('after 3 failures the account answers 429 with Retry-After even for the right password; others are unaffected', async () => {
    const victim = await t.user();
    const other = await t.user();
    for (let i = 0; i < 3; i++) expect((await login(victim.email, `wrong ${i}`)).status).toBe(401);
    await expectLocked(victim.email);
    await expectLocked(victim.email, 'wrong again');

    expect((await login(other.email, 'wrong')).status).toBe(401);
    expect((await login(other.email, PASSWORD)).status).toBe(200);
    // Tokens issued before the lock keep working: the lock is about guessing, not about the session.
    expect((await t.http().get('/auth/me').set('Authorization', victim.auth)).status).toBe(200);
  });

  it('the lock ends after LOGIN_LOCK and the right password works again', async () => {
    const victim = await t.user();
    for (let i = 0; i < 3; i++) expect((await login(victim.email, `wrong ${i}`)).status).toBe(401);
    const retryAfter = await expectLocked(victim.email);
    await sleep(retryAfter * 1000 + 250);
    expect((await login(victim.email, PASSWORD)).status).toBe(200);
  });

  it('a success resets the counter', async () => {
    const u = await t.user();
    for (let round = 0; round < 2; round++) {
      expect((await login(u.email, 'wrong a')).status).toBe(401);
      expect((await login(u.email, 'wrong b')).status).toBe(401);
      expect((await login(u.email, PASSWORD)).status).toBe(200);
    }
  });

  it('failures older than LOGIN_WINDOW are forgotten', async () => {
    const u = await t.user();
    expect((await login(u.email, 'wrong a')).status).toBe(401);
    expect((await login(u.email, 'wrong b')).status).toBe(401);
    await sleep(3_200);
    expect((await login(u.email, 'wrong c')).status).toBe(401);
    expect((await login(u.email, 'wrong d')).status).toBe(401);
    expect((await login(u.email, PASSWORD)).status).toBe(200);
  });

  it('counts an email however it is cased or padded', async () => {
    const u = await t.user();
    const variants = [u.email.toUpperCase(), ` ${u.email}`, u.email.replace(/^./, (c) => c.toUpperCase())];
    for (const email of variants) expect((await login(email, 'wrong')).status).toBe(401);
    await expectLocked(u.email);
  });

  it('locks an unknown email exactly like a known one, so a lock reveals nothing', async () => {
    const known = await t.user();
    const unknown = uniqueEmail('nobody');
    for (let i = 0; i < 3; i++) {
      const [a, b] = [await login(known.email, `wrong ${i}`), await login(unknown, `wrong ${i}`)];
      expect([a.status, b.status]).toEqual([401, 401]);
      expect(a.body).toEqual(b.body);
    }
    const [a, b] = [await login(known.email, PASSWORD), await login(unknown, PASSWORD)];
    expect([a.status, b.status]).toEqual([429, 429]);
    expect(a.body).toEqual(b.body);
  });

  it('a burst of parallel guesses cannot run past the limit', async () => {
    const u = await t.user();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => login(u.email, `parallel ${i}`)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
    await expectLocked(u.email);
  });
});
