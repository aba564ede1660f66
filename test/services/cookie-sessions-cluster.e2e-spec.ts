import type { AppProcess } from '../support/app-process.js';
import { startCluster, type Cluster } from '../support/cluster.js';
import { AT, CSRF, RT, cookieHeader, setCookies } from '../support/cookie-jar.js';
import { waitFor } from '../support/redis-server.js';
import { PASSWORD, uniqueEmail } from '../support/test-app.js';

/** Cookie sessions and the session limit across two instances that share PostgreSQL, Redis and JWT_KEYS_DIR. */
describe('two instances: session-bound CSRF tokens and MAX_SESSIONS_PER_USER', () => {
  let cluster: Cluster;
  let a: AppProcess;
  let b: AppProcess;
  beforeAll(async () => {
    cluster = await startCluster(2, () => ({ AUTH_COOKIES: 'true', MAX_SESSIONS_PER_USER: '2' }));
    [a, b] = cluster.instances;
  });
  afterAll(() => cluster.close());

  const register = async (email: string) => (await a.http().post('/auth/register').send({ email, password: PASSWORD })).status;
  async function cookieLogin(app: AppProcess, email: string) {
    const res = await app.http().post('/auth/login').set('X-Token-Delivery', 'cookie').send({ email, password: PASSWORD });
    expect(res.status).toBe(200);
    const jar = setCookies(res);
    return { at: jar[AT].value, rt: jar[RT].value, csrf: jar[CSRF].value };
  }

  it('a CSRF token issued by one instance is accepted by the other, and only for its own session', async () => {
    const email = uniqueEmail('cluster-cookie');
    expect(await register(email)).toBe(201);
    const mine = await cookieLogin(a, email);
    // A second session of the same user: its CSRF token must not fit the first one.
    const other = await cookieLogin(b, email);
    const foreign = await b
      .http()
      .post('/auth/logout')
      .set('Cookie', cookieHeader({ at: mine.at, csrf: other.csrf }))
      .set('X-CSRF-Token', other.csrf);
    expect(foreign.status).toBe(403);
    const refreshed = await b.http().post('/auth/refresh').set('Cookie', cookieHeader(mine)).set('X-CSRF-Token', mine.csrf);
    expect(refreshed.status).toBe(200);
    expect(setCookies(refreshed)[CSRF].value).toBe(mine.csrf);
    const logout = await a
      .http()
      .post('/auth/logout')
      .set('Cookie', cookieHeader({ at: setCookies(refreshed)[AT].value, csrf: mine.csrf }))
      .set('X-CSRF-Token', mine.csrf);
    expect(logout.status).toBe(204);
  });

  it('a login on one instance beyond the limit stops the oldest session on the other within 1 s', async () => {
    const email = uniqueEmail('cluster-cap');
    expect(await register(email)).toBe(201);
    const first = await a.login(email, PASSWORD);
    const second = await b.login(email, PASSWORD);
    await expect(b.http().get('/auth/verify').set('Authorization', first.auth)).resolves.toHaveProperty('status', 200);
    await a.login(email, PASSWORD);
    await waitFor(
      async () => (await b.http().get('/auth/verify').set('Authorization', first.auth)).status === 401,
      1000,
      'session limit on the other instance',
    );
    expect((await b.http().post('/auth/refresh').send({ refreshToken: first.refreshToken })).status).toBe(401);
    expect((await a.http().get('/auth/verify').set('Authorization', second.auth)).status).toBe(200);
  });
});
