import { Redis } from 'ioredis';
import { startCluster, type Cluster } from '../support/cluster.js';
import { RedisServer, waitFor } from '../support/redis-server.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import type TestAgent from 'supertest/lib/agent.js';
import type { AppProcess } from '../support/app-process.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startApp, type TestApp } from '../support/test-app.js';

type Instance = { http: () => TestAgent };
const verify = (app: Instance, auth: string) => app.http().get('/auth/verify').set('Authorization', auth);
const status = async (app: Instance, auth: string) => (await verify(app, auth)).status;

describe('Redis outage (a redis-server of our own on a spare port)', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await RedisServer.start();
  });
  afterAll(() => redis.stop());

  describe('fail closed (default)', () => {
    let t: TestApp;
    beforeAll(async () => {
      await redis.start();
      t = await startApp({ REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'closed:' });
    });
    afterAll(() => t.close());

    it('answers 503 within 5 s, names redis in /health, and heals without a restart, keeping its revocations', async () => {
      const u = await t.user();
      const revoked = await t.user();
      expect(
        await t
          .http()
          .post('/auth/logout')
          .set('Authorization', revoked.auth)
          .then((r) => r.status),
      ).toBe(204);
      expect(await status(t, u.auth)).toBe(200);

      await redis.stop();
      const detected = await waitFor(async () => (await status(t, u.auth)) === 503, 5000, 'protected route 503 after Redis stopped');
      expect(detected).toBeLessThan(5000);
      const refused = await verify(t, u.auth);
      expect(refused.body).toMatchObject({ statusCode: 503, code: 'REVOCATION_UNAVAILABLE' });
      expect((await t.http().get('/auth/me').set('Authorization', u.auth)).status).toBe(503);
      const health = await t.http().get('/health');
      expect(health.status).toBe(503);
      expect(health.body.message).toMatch(/redis/);
      expect(health.body.message).not.toMatch(/database/);
      // Public routes that need neither Redis nor a token keep working.
      expect((await t.http().get('/.well-known/jwks.json')).status).toBe(200);

      // The new server starts empty (no persistence): the instance heals and writes back what it knew.
      await redis.start();
      await waitFor(async () => (await status(t, u.auth)) === 200, 5000, 'healed after Redis came back');
      expect((await t.http().get('/health')).status).toBe(200);
      expect(await status(t, revoked.auth)).toBe(401);
      const direct = new Redis(redis.url);
      try {
        expect(await direct.exists(`closed:revoked:${decodeSid(revoked.accessToken)}`)).toBe(1);
      } finally {
        direct.disconnect();
      }
    });
  });

  describe('REVOCATION_FAIL_OPEN=true', () => {
    let t: TestApp;
    beforeAll(async () => {
      await redis.start();
      t = await startApp({ REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'open:', REVOCATION_FAIL_OPEN: 'true' });
    });
    afterAll(async () => {
      await redis.start();
      await t.close();
    });

    it('keeps serving from the last known revocations while /health reports redis down', async () => {
      const u = await t.user();
      const other = await t.user();
      await redis.stop();
      const until = Date.now() + 6000;
      while (Date.now() < until) {
        expect(await status(t, u.auth)).toBe(200);
        await new Promise((r) => setTimeout(r, 500));
      }
      const health = await t.http().get('/health');
      expect(health.status).toBe(503);
      expect(health.body.message).toMatch(/redis/);
      // A logout during the outage takes effect here at once and reaches Redis once it is back.
      expect((await t.http().post('/auth/logout').set('Authorization', other.auth)).status).toBe(204);
      expect(await status(t, other.auth)).toBe(401);
      await redis.start();
      const direct = new Redis(redis.url);
      try {
        await waitFor(async () => (await direct.exists(`open:revoked:${decodeSid(other.accessToken)}`)) === 1, 5000, 'revocation written back');
      } finally {
        direct.disconnect();
      }
    });
  });
});

describe('Redis down at start-up', () => {
  it('starts anyway, refuses protected requests with 503, and serves once Redis answers', async () => {
    const redis = await RedisServer.start();
    await redis.stop();
    const t = await startApp({ REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'boot:' });
    try {
      expect((await t.http().get('/health')).status).toBe(503);
      // Login counts attempts in Redis (lockout, rate limit): it fails closed rather than let guesses go uncounted.
      const refused = await t.http().post('/auth/login').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
      expect(refused.status).toBe(503);
      expect(refused.body.accessToken).toBeUndefined();
      await redis.start();
      let tokens = refused;
      await waitFor(
        async () => (tokens = await t.http().post('/auth/login').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD })).status === 200,
        5000,
        'login once Redis is up',
      );
      const auth = `Bearer ${tokens.body.accessToken}`;
      await waitFor(async () => (await t.http().get('/auth/verify').set('Authorization', auth)).status === 200, 5000, 'serves once Redis is up');
      expect((await t.http().get('/health')).status).toBe(200);
    } finally {
      await t.close();
      await redis.stop();
    }
  });
});

describe('one instance cut off from Redis while another keeps revoking', () => {
  let proxy: TcpProxy;
  let cluster: Cluster;
  let a: AppProcess;
  let b: AppProcess;
  beforeAll(async () => {
    const shared = new URL(process.env.GATEHOUSE_TEST_REDIS_URL!);
    proxy = await TcpProxy.start(shared.hostname, Number(shared.port || 6379));
    // Instance a reaches the shared Redis through the proxy; b directly.
    cluster = await startCluster(2, (i): Record<string, string> => (i === 0 ? { REDIS_URL: `redis://127.0.0.1:${proxy.port}` } : {}));
    [a, b] = cluster.instances;
  });
  afterAll(async () => {
    await cluster.close();
    await proxy.close();
  });

  for (const mode of ['refuse', 'blackhole'] as const) {
    it(`(${mode}) fails closed, then resyncs the revocations it missed`, async () => {
      const u = await a.user();
      const victim = await a.user();
      expect(await status(a, victim.auth)).toBe(200);

      proxy.set(mode);
      await waitFor(async () => (await status(a, u.auth)) === 503, 5000, 'instance a fails closed');
      expect(
        await b
          .http()
          .post('/auth/logout')
          .set('Authorization', victim.auth)
          .then((r) => r.status),
      ).toBe(204);
      expect(await status(b, victim.auth)).toBe(401);

      proxy.restore();
      await waitFor(async () => (await status(a, u.auth)) === 200, 5000, 'instance a heals');
      expect(await status(a, victim.auth)).toBe(401);
    });
  }
});

function decodeSid(token: string): string {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')).sid;
}
