import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EchoApp, type RunningProxy, send, startCaddy, startNginx } from '../proxies/proxy-harness.js';
import { RedisServer, waitFor } from '../support/redis-server.js';
import { startApp, type TestApp } from '../support/test-app.js';

/**
 * Gatehouse's 503 REVOCATION_UNAVAILABLE (Redis gone, fail closed) through the real proxies with the docs/examples
 * configurations: nginx turns any auth status but 2xx/401/403 into 500 unless its error_page recipe makes it 503;
 * Caddy passes Gatehouse's answer on. Either way the client gets 503 with Retry-After, and the app sees nothing.
 */
describe('Redis outage behind nginx and Caddy', () => {
  let redis: RedisServer;
  let t: TestApp;
  let app: EchoApp;
  let dir: string;
  const proxies: Record<string, RunningProxy> = {};

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-proxies-redis-'));
    redis = await RedisServer.start();
    t = await startApp({ REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'proxies:', TRUST_PROXY: 'loopback' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.getHttpServer().address() as { port: number }).port;
    app = await EchoApp.start();
    proxies.nginx = await startNginx(join(dir, 'nginx'), port, app.port);
    proxies.caddy = await startCaddy(join(dir, 'caddy'), port, app.port);
  });
  afterAll(async () => {
    for (const proxy of Object.values(proxies)) await proxy.stop();
    await app?.close();
    await t?.close();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After through both proxies while Redis is down, and 200 again once it is back', async () => {
    const u = await t.user();
    for (const proxy of Object.values(proxies)) expect((await send(proxy.port, 'GET', '/page', { authorization: u.auth })).status).toBe(200);
    await redis.stop();
    await waitFor(async () => (await t.http().get('/auth/verify').set('Authorization', u.auth)).status === 503, 5000, 'verify 503');
    const direct = await t.http().get('/auth/verify').set('Authorization', u.auth);
    expect(direct.headers['retry-after']).toBeDefined();
    const seen = app.seen.length;

    const viaNginx = await send(proxies.nginx.port, 'GET', '/page', { authorization: u.auth });
    expect(viaNginx.status).toBe(503);
    expect(viaNginx.headers['retry-after']).toBe('5');
    const viaCaddy = await send(proxies.caddy.port, 'GET', '/page', { authorization: u.auth });
    expect(viaCaddy.status).toBe(503);
    expect(viaCaddy.headers['retry-after']).toBe(direct.headers['retry-after']);
    expect(JSON.parse(viaCaddy.body)).toMatchObject({ code: 'REVOCATION_UNAVAILABLE' });
    expect(app.seen.length).toBe(seen);

    await redis.start();
    await waitFor(async () => (await send(proxies.nginx.port, 'GET', '/page', { authorization: u.auth })).status === 200, 5000, 'healed');
    expect((await send(proxies.caddy.port, 'GET', '/page', { authorization: u.auth })).status).toBe(200);
  });
});
