import type { AddressInfo } from 'node:net';
import { PASSWORD, startApp, type TestApp } from '../support/test-app.js';

function expectThrottled(res: { status: number; headers: Record<string, string>; body: Record<string, unknown> }): void {
  expect(res.status).toBe(429);
  expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
  expect(res.body).toEqual({
    statusCode: 429,
    error: 'Too Many Requests',
    message: 'Too many requests; try again later',
    code: 'AUTH_RATE_LIMITED',
  });
}

// AUTH_RATE_LIMIT: per client IP and per credential route; token-checking routes are never limited.
describe('per-IP rate limit on the credential endpoints (AUTH_RATE_LIMIT=3/1m)', () => {
  let t: TestApp;
  let u: Awaited<ReturnType<TestApp['user']>>;

  beforeAll(async () => {
    t = await startApp({ AUTH_RATE_LIMIT: '3/1m', LOGIN_MAX_FAILURES: '1000' });
    u = await t.user(); // one register and one login
  });
  afterAll(() => t.close());

  const login = (password: string) => t.http().post('/auth/login').send({ email: u.email, password });

  it('login: the request over the limit gets 429 with Retry-After, even with the right password', async () => {
    expect((await login('wrong password 1')).status).toBe(401);
    const third = await login('wrong password 2');
    expect(third.status).toBe(401);
    expect(third.headers['x-ratelimit-remaining']).toBe('0');
    expectThrottled(await login(PASSWORD));
  });

  it('a client at another address is not limited by the first one', async () => {
    await t.app.listen(0, '::');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    // The supertest client comes from 127.0.0.1; this one comes from ::1, a different tracker.
    const res = await fetch(`http://[::1]:${port}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: u.email, password: PASSWORD }),
    });
    expect(res.status).toBe(200);
  });

  it('register has its own budget and is limited the same way', async () => {
    for (let i = 0; i < 2; i++) {
      expect(
        (
          await t
            .http()
            .post('/auth/register')
            .send({ email: `rl-${i}-${Date.now()}@example.com`, password: PASSWORD })
        ).status,
      ).toBe(201);
    }
    expectThrottled(
      await t
        .http()
        .post('/auth/register')
        .send({ email: `rl-x-${Date.now()}@example.com`, password: PASSWORD }),
    );
  });

  it('refresh is limited', async () => {
    let refreshToken = u.refreshToken;
    for (let i = 0; i < 3; i++) {
      const res = await t.http().post('/auth/refresh').send({ refreshToken });
      expect(res.status).toBe(200);
      refreshToken = res.body.refreshToken;
    }
    expectThrottled(await t.http().post('/auth/refresh').send({ refreshToken }));
  });

  it('password change is limited', async () => {
    const me = await t.http().get('/auth/me').set('Authorization', u.auth);
    expect(me.status).toBe(200);
    for (let i = 0; i < 3; i++) {
      const res = await t
        .http()
        .post('/auth/password')
        .set('Authorization', u.auth)
        .send({ currentPassword: `guess ${i}`, newPassword: 'new password 123' });
      expect(res.status).toBe(401);
    }
    expectThrottled(
      await t.http().post('/auth/password').set('Authorization', u.auth).send({ currentPassword: PASSWORD, newPassword: 'new password 123' }),
    );
  });

  it('never limits /auth/verify or /auth/me (a reverse proxy calls them for everyone behind it)', async () => {
    for (let i = 0; i < 25; i++) {
      const verify = await t.http().get('/auth/verify').set('Authorization', u.auth);
      expect(verify.status).toBe(200);
      expect(verify.headers['x-ratelimit-limit']).toBeUndefined();
      const me = await t.http().get('/auth/me').set('Authorization', u.auth);
      expect(me.status).toBe(200);
    }
    // Rejected tokens are not limited either: they are answered 401, cheaply.
    for (let i = 0; i < 10; i++) expect((await t.http().get('/auth/verify').set('Authorization', 'Bearer x.y.z')).status).toBe(401);
  });
});

describe('rate limit window (AUTH_RATE_LIMIT=2/2s)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ AUTH_RATE_LIMIT: '2/2s' });
  });
  afterAll(() => t.close());

  it('lets the client in again once Retry-After has passed', async () => {
    const refresh = () => t.http().post('/auth/refresh').send({ refreshToken: 'not-a-real-refresh-token' });
    expect((await refresh()).status).toBe(401);
    expect((await refresh()).status).toBe(401);
    const limited = await refresh();
    expect(limited.status).toBe(429);
    const wait = Number(limited.headers['retry-after']);
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(2);
    await new Promise((resolve) => setTimeout(resolve, wait * 1000 + 200));
    expect((await refresh()).status).toBe(401);
  });
});

describe('rate limit before authentication', () => {
  it('counts password-change attempts without a valid token too, so the limit cannot be probed for free', async () => {
    const t = await startApp({ AUTH_RATE_LIMIT: '2/1m' });
    try {
      const attempt = () => t.http().post('/auth/password').set('Authorization', 'Bearer forged.token.value').send({});
      expect((await attempt()).status).toBe(401);
      expect((await attempt()).status).toBe(401);
      expectThrottled(await attempt());
    } finally {
      await t.close();
    }
  });
});

describe('client address behind a reverse proxy', () => {
  const attempt = (t: TestApp, forwardedFor: string) =>
    t.http().post('/auth/refresh').set('X-Forwarded-For', forwardedFor).send({ refreshToken: 'not-a-real-refresh-token' });

  it('ignores X-Forwarded-For by default, so a client cannot dodge the limit by forging it', async () => {
    const t = await startApp({ AUTH_RATE_LIMIT: '2/1m' });
    try {
      expect((await attempt(t, '203.0.113.1')).status).toBe(401);
      expect((await attempt(t, '203.0.113.2')).status).toBe(401);
      expectThrottled(await attempt(t, '203.0.113.3'));
    } finally {
      await t.close();
    }
  });

  it('with TRUST_PROXY naming the proxy, counts each forwarded client on its own', async () => {
    const t = await startApp({ AUTH_RATE_LIMIT: '2/1m', TRUST_PROXY: 'loopback' });
    try {
      expect((await attempt(t, '203.0.113.1')).status).toBe(401);
      expect((await attempt(t, '203.0.113.1')).status).toBe(401);
      expectThrottled(await attempt(t, '203.0.113.1'));
      expect((await attempt(t, '203.0.113.2')).status).toBe(401);
    } finally {
      await t.close();
    }
  });
});
