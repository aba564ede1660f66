import { DataSource } from 'typeorm';
import { RedisService } from '../src/redis/index.js';
import { PASSWORD, startApp, uniqueEmail } from './support/test-app.js';

describe('graceful shutdown (what SIGTERM runs: app.close())', () => {
  it('finishes in-flight requests, then refuses new connections and closes the pools', async () => {
    const t = await startApp();
    const email = uniqueEmail();
    expect((await t.http().post('/auth/register').send({ email, password: PASSWORD })).status).toBe(201);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const url = await t.app.getUrl();

    // Shut down once the server holds all four requests.
    let received = 0;
    t.app.getHttpServer().on('request', () => (received += 1));
    // Logins take tens of milliseconds each (argon2id), so several are still running when the shutdown starts.
    const inFlight = Array.from({ length: 4 }, () =>
      fetch(`${url.replace('[::1]', '127.0.0.1')}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: PASSWORD }),
      }).then((response) => ({ response, at: Date.now() })),
    );

    while (received < 4) await new Promise((r) => setTimeout(r, 2));
    const closeStartedAt = Date.now();
    const closing = t.close();
    const answered = await Promise.all(inFlight);
    await closing;

    expect(answered.map((a) => a.response.status)).toEqual([200, 200, 200, 200]);
    // At least one of them was still running when the shutdown began (else this test would prove nothing).
    expect(Math.max(...answered.map((a) => a.at))).toBeGreaterThan(closeStartedAt);
    await expect(fetch(`${url}/health`)).rejects.toThrow();
    expect(t.app.get(DataSource).isInitialized).toBe(false);
    const redis = t.app.get(RedisService).client;
    if (redis) expect(redis.status).toBe('end');
  });
});
