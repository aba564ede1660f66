import type { AppProcess } from '../support/app-process.js';
import { startCluster, type Cluster } from '../support/cluster.js';
import { RedisServer, waitFor } from '../support/redis-server.js';
import { PASSWORD, startApp, type TestApp } from '../support/test-app.js';

// With REDIS_URL, lockout counters and rate limits are shared: moving to another instance buys an attacker nothing.
describe('login lockout and rate limits across two instances on one Redis', () => {
  let cluster: Cluster;
  let a: AppProcess;
  let b: AppProcess;
  beforeAll(async () => {
    cluster = await startCluster(2, () => ({
      LOGIN_MAX_FAILURES: '3',
      LOGIN_ACCOUNT_MAX_FAILURES: '6',
      LOGIN_LOCK: '60',
      AUTH_RATE_LIMIT: '6/1m',
      TRUST_PROXY: 'loopback',
    }));
    [a, b] = cluster.instances;
  });
  afterAll(() => cluster.close());

  it('failures on one instance lock the account on the other', async () => {
    const u = await a.user();
    for (let i = 0; i < 2; i++)
      expect(
        (
          await a
            .http()
            .post('/auth/login')
            .send({ email: u.email, password: `wrong ${i}` })
        ).status,
      ).toBe(401);
    expect((await b.http().post('/auth/login').send({ email: u.email, password: 'wrong 2' })).status).toBe(401);
    const locked = await a.http().post('/auth/login').send({ email: u.email, password: PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('AUTH_LOGIN_LOCKED');
    const elsewhere = await b.http().post('/auth/login').send({ email: u.email, password: PASSWORD });
    expect(elsewhere.status).toBe(429);
    expect(Number(elsewhere.headers['retry-after'])).toBeGreaterThan(50);
  });

  it('requests to one instance count against the per-IP limit on the other', async () => {
    const refresh = (app: AppProcess) => app.http().post('/auth/refresh').send({ refreshToken: 'not-a-real-refresh-token' });
    for (let i = 0; i < 3; i++) {
      expect((await refresh(a)).status).toBe(401);
      expect((await refresh(b)).status).toBe(401);
    }
    const limited = await refresh(a);
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('AUTH_RATE_LIMITED');
    expect((await refresh(b)).status).toBe(429);
  });

  it('clients known to an account, and the account-wide limit for new clients, hold on both instances', async () => {
    const login = (app: AppProcess, from: string, email: string, password: string) =>
      app.http().post('/auth/login').set('X-Forwarded-For', from).send({ email, password });
    const email = `known-${Date.now()}@example.com`;
    expect((await b.http().post('/auth/register').send({ email, password: PASSWORD })).status).toBe(201);
    expect((await login(a, '198.51.100.7', email, PASSWORD)).status).toBe(200);

    for (const ip of ['203.0.113.1', '203.0.113.2']) {
      for (const app of [a, b, a]) expect((await login(app, ip, email, 'wrong')).status).toBe(401);
    }
    const stranger = await login(b, '203.0.113.1', email, PASSWORD);
    expect(stranger.status).toBe(429);
    const newClient = await login(b, '192.0.2.9', email, PASSWORD);
    expect(newClient.status).toBe(429);
    expect(newClient.body.code).toBe('AUTH_LOGIN_LOCKED');
    expect((await login(b, '198.51.100.7', email, PASSWORD)).status).toBe(200);
  });
});

describe('credential endpoints while Redis is down (a redis-server of our own)', () => {
  let redis: RedisServer;
  let t: TestApp;
  beforeAll(async () => {
    redis = await RedisServer.start();
    t = await startApp({ REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'limits-down:' });
  });
  afterAll(async () => {
    await t.close();
    await redis.stop();
  });

  it('fails closed with 503 (uncounted guesses are never let through) and recovers without a restart', async () => {
    const u = await t.user();
    await redis.stop();
    const res = await t.http().post('/auth/login').send({ email: u.email, password: PASSWORD });
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ statusCode: 503, code: 'RATE_LIMIT_UNAVAILABLE' });
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body.accessToken).toBeUndefined();

    await redis.start();
    await waitFor(
      async () => (await t.http().post('/auth/login').send({ email: u.email, password: PASSWORD })).status === 200,
      5000,
      'login after Redis came back',
    );
  });
});
