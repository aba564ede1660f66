import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AppProcess } from '../support/app-process.js';
import { waitFor } from '../support/redis-server.js';
import { deleteRedisKeys, dropTestDatabase, services, testDatabaseUrl } from '../support/services.js';
import { TcpProxy } from '../support/tcp-proxy.js';

describe('PostgreSQL unreachable (one instance behind a TCP proxy that the test cuts)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-pgfault-'));
  const prefix = `gh-t-${randomBytes(6).toString('hex')}:`;
  let proxy: TcpProxy;
  let app: AppProcess;
  let directUrl: string;

  beforeAll(async () => {
    directUrl = await testDatabaseUrl(dir);
    const direct = new URL(directUrl);
    proxy = await TcpProxy.start(direct.hostname, Number(direct.port || 5432));
    const viaProxy = new URL(direct);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    mkdirSync(join(dir, 'keys'));
    app = await AppProcess.start({
      DATABASE_URL: viaProxy.toString(),
      REDIS_URL: services.redisUrl!,
      REDIS_KEY_PREFIX: prefix,
      JWT_KEYS_DIR: join(dir, 'keys'),
      DB_CONNECT_TIMEOUT_MS: '1000',
      DB_STATEMENT_TIMEOUT_MS: '1000',
    });
  });
  afterAll(async () => {
    await app?.stop();
    await proxy?.close();
    await dropTestDatabase(dir);
    await deleteRedisKeys(services.redisUrl!, prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  for (const mode of ['refuse', 'blackhole'] as const) {
    it(`(${mode}) keeps token-only routes up, answers 503 on database routes within the timeouts, and heals`, async () => {
      const u = await app.user();
      proxy.set(mode);

      const verify = await app.http().get('/auth/verify').set('Authorization', u.auth);
      expect(verify.status).toBe(200);

      for (const send of [
        () => app.http().get('/auth/sessions').set('Authorization', u.auth),
        () => app.http().post('/auth/login').send({ email: u.email, password: 'correct horse battery' }),
        () => app.http().post('/auth/refresh').send({ refreshToken: u.refreshToken }),
      ]) {
        const started = Date.now();
        const res = await send();
        // connect timeout (1 s) or statement/read timeout (1 s + 1 s), never a hang and never a 500
        expect(Date.now() - started).toBeLessThan(4000);
        expect(res.status).toBe(503);
        expect(res.body).toMatchObject({ statusCode: 503, code: 'DATABASE_UNAVAILABLE' });
        expect(res.headers['retry-after']).toBeDefined();
      }
      const health = await app.http().get('/health');
      expect(health.status).toBe(503);
      expect(health.body.message).toMatch(/database/);
      expect(health.body.message).not.toMatch(/redis/);

      proxy.restore();
      await waitFor(async () => (await app.http().get('/auth/sessions').set('Authorization', u.auth)).status === 200, 10_000, 'healed');
      expect((await app.http().get('/health')).status).toBe(200);
      expect(app.exited).toBe(false);
      expect(app.log).not.toMatch(/unhandled|uncaught/i);
    });
  }

  it('a query stuck behind a lock is cancelled by DB_STATEMENT_TIMEOUT_MS and answers 503, not 500', async () => {
    const u = await app.user();
    const locker = new DataSource({ type: 'postgres', url: directUrl, poolSize: 1 });
    await locker.initialize();
    const runner = locker.createQueryRunner();
    try {
      await runner.startTransaction();
      await runner.query('LOCK TABLE users IN ACCESS EXCLUSIVE MODE');
      const started = Date.now();
      // Login reads the users table (GET /auth/me may answer from its per-session cache).
      const login = await app.http().post('/auth/login').send({ email: u.email, password: 'correct horse battery' });
      expect(Date.now() - started).toBeLessThan(3000);
      expect(login.status).toBe(503);
      expect(login.body.code).toBe('DATABASE_UNAVAILABLE');
    } finally {
      await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
      await locker.destroy();
    }
    expect((await app.http().post('/auth/login').send({ email: u.email, password: 'correct horse battery' })).status).toBe(200);
  });
});
