import { PASSWORD, startApp, uniqueEmail, type TestApp } from '../support/test-app.js';

// Per client (IP) 3 failures lock that client; 9 failures on one account from clients it never logged in from lock
// those clients; clients that logged in successfully keep their own counter. The test proxy (loopback) is trusted,
// so X-Forwarded-For picks each request's client address.
describe('lockout without a denial of service (TRUST_PROXY=loopback)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ TRUST_PROXY: 'loopback', LOGIN_MAX_FAILURES: '3', LOGIN_ACCOUNT_MAX_FAILURES: '9', LOGIN_WINDOW: '60', LOGIN_LOCK: '60' });
  });
  afterAll(() => t.close());

  const login = (from: string, email: string, password: string) =>
    t.http().post('/auth/login').set('X-Forwarded-For', from).send({ email, password });

  async function owner(usualIp: string): Promise<string> {
    const email = uniqueEmail('owner');
    expect((await t.http().post('/auth/register').send({ email, password: PASSWORD })).status).toBe(201);
    expect((await login(usualIp, email, PASSWORD)).status).toBe(200);
    return email;
  }

  function expectLocked(res: { status: number; headers: Record<string, string>; body: Record<string, unknown> }): void {
    expect(res.status).toBe(429);
    expect(res.body.code).toBe('AUTH_LOGIN_LOCKED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(50);
    expect(res.body.accessToken).toBeUndefined();
  }

  it('a stranger who fails on purpose locks only himself: the owner logs in from his usual client and from a new one', async () => {
    const email = await owner('198.51.100.10');
    for (let i = 0; i < 3; i++) expect((await login('203.0.113.66', email, `wrong ${i}`)).status).toBe(401);
    expectLocked(await login('203.0.113.66', email, PASSWORD));
    expectLocked(await login('203.0.113.66', email, 'wrong again'));

    expect((await login('198.51.100.10', email, PASSWORD)).status).toBe(200);
    expect((await login('192.0.2.44', email, PASSWORD)).status).toBe(200);
  });

  it("a guesser spread over many addresses is stopped for every new client, while the owner's usual client still logs in", async () => {
    const email = await owner('198.51.100.20');
    for (const ip of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
      for (let i = 0; i < 3; i++) expect((await login(ip, email, `wrong ${ip} ${i}`)).status).toBe(401);
    }
    // Nine failures on the account: an address never seen before is refused even with the right password.
    expectLocked(await login('203.0.113.4', email, 'one more guess'));
    expectLocked(await login('192.0.2.55', email, PASSWORD));

    const usual = await login('198.51.100.20', email, PASSWORD);
    expect(usual.status).toBe(200);
    expect(usual.body.accessToken).toEqual(expect.any(String));
  });

  it("the owner's usual client still has its own limit: it is not a way around the lockout", async () => {
    const email = await owner('198.51.100.30');
    for (let i = 0; i < 3; i++) expect((await login('198.51.100.30', email, `wrong ${i}`)).status).toBe(401);
    expectLocked(await login('198.51.100.30', email, PASSWORD));
  });

  it('a client is known only to the account it logged in to', async () => {
    const email = await owner('198.51.100.40');
    const other = await owner('198.51.100.41');
    for (const ip of ['203.0.113.11', '203.0.113.12', '203.0.113.13']) {
      for (let i = 0; i < 3; i++) expect((await login(ip, other, `wrong ${i}`)).status).toBe(401);
    }
    expectLocked(await login('198.51.100.40', other, PASSWORD));
    expect((await login('198.51.100.40', email, PASSWORD)).status).toBe(200);
  });

  it('counts all the addresses of one IPv6 /64 as one client, so rotating them buys nothing', async () => {
    const email = await owner('198.51.100.50');
    for (let i = 1; i <= 3; i++) expect((await login(`2001:db8:77:1::${i}`, email, `wrong ${i}`)).status).toBe(401);
    expectLocked(await login('2001:db8:77:1::ffff', email, 'wrong 4'));
    expect((await login('2001:db8:77:2::1', email, 'wrong 5')).status).toBe(401);
  });

  it('on POST /auth/password a lock caused by strangers answers 429 but does not cost the owner his session', async () => {
    const email = await owner('198.51.100.60');
    const session = await login('198.51.100.60', email, PASSWORD);
    const auth = `Bearer ${session.body.accessToken}`;
    for (const ip of ['203.0.113.21', '203.0.113.22', '203.0.113.23']) {
      for (let i = 0; i < 3; i++) expect((await login(ip, email, `wrong ${i}`)).status).toBe(401);
    }
    const change = (from: string) =>
      t
        .http()
        .post('/auth/password')
        .set('X-Forwarded-For', from)
        .set('Authorization', auth)
        .send({ currentPassword: PASSWORD, newPassword: 'the new password' });
    expectLocked(await change('192.0.2.77'));
    expect((await t.http().get('/auth/me').set('Authorization', auth)).status).toBe(200);
    expect((await change('198.51.100.60')).status).toBe(204);
  });
});
