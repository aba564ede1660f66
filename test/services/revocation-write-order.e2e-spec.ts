import { waitFor } from '../support/redis-server.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { startApp, type TestApp } from '../support/test-app.js';

// Issue 12, item 10: the database's revokedAt is written before the Redis publish, so a Redis failure in between
// never leaves a refresh token alive after a logout.
describe('Redis fails while a session is being revoked', () => {
  let proxy: TcpProxy;
  let t: TestApp;
  beforeAll(async () => {
    const shared = new URL(process.env.GATEHOUSE_TEST_REDIS_URL!);
    proxy = await TcpProxy.start(shared.hostname, Number(shared.port || 6379));
    t = await startApp({ REDIS_URL: `redis://127.0.0.1:${proxy.port}` });
  });
  afterAll(async () => {
    proxy.restore();
    await t.close();
    await proxy.close();
  });

  const verify = (auth: string) => t.http().get('/auth/verify').set('Authorization', auth);

  for (const route of ['/auth/logout', '/auth/logout-all'] as const) {
    it(`${route} answered while Redis is unreachable leaves no refresh token usable once Redis is back`, async () => {
      await waitFor(async () => (await t.http().get('/health')).status === 200, 10_000, 'Redis reachable');
      const u = await t.user();
      const witness = await t.user();
      expect((await verify(u.auth)).status).toBe(200);

      proxy.set('refuse');
      // Within the one-second grace the guard still admits the request; the publish then fails (fail closed: 503).
      const out = await t.http().post(route).set('Authorization', u.auth);
      expect(out.status).toBe(503);

      proxy.restore();
      // The refresh endpoint counts requests in Redis: its first answer that is not 503 is the verdict.
      let refreshed = await t.http().post('/auth/refresh').send({ refreshToken: u.refreshToken });
      await waitFor(
        async () => (refreshed = await t.http().post('/auth/refresh').send({ refreshToken: u.refreshToken })).status !== 503,
        10_000,
        'Redis back',
      );
      expect(refreshed.status).toBe(401);
      await waitFor(async () => (await verify(witness.auth)).status === 200, 5000, 'instance heals');
      expect((await verify(u.auth)).status).toBe(401);
    });
  }
});
