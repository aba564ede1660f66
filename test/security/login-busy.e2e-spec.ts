import { PASSWORD, startApp, uniqueEmail, type TestApp } from '../support/test-app.js';

type Res = { status: number; headers: Record<string, string>; body: Record<string, unknown> };

function expectBusy(res: Res): void {
  expect(res.status).toBe(503);
  expect(res.body).toEqual({
    statusCode: 503,
    error: 'Service Unavailable',
    message: 'Too many sign-ins in progress; try again shortly',
    code: 'AUTH_BUSY',
  });
  expect(res.headers['retry-after']).toBe('2');
}

// Logins of unknown emails cost one argon2 verification each (against the dummy hash), like real ones.
const flood = (t: TestApp, count: number) =>
  Promise.all(
    Array.from({ length: count }, () =>
      t
        .http()
        .post('/auth/login')
        .send({ email: uniqueEmail('flood'), password: 'flood password' }),
    ),
  );

describe('the argon2 wait queue is bounded by length (PASSWORD_HASH_MAX_QUEUE=2)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ PASSWORD_HASH_MAX_QUEUE: '2', PASSWORD_HASH_MAX_WAIT_MS: '60000' });
  });
  afterAll(() => t.close());

  it('a burst beyond the queue is answered 503 AUTH_BUSY with Retry-After at once, and logins work again after it', async () => {
    const results = await flood(t, 40);
    const busy = results.filter((r) => r.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    for (const res of busy) expectBusy(res);
    // Every other attempt was checked normally: at least the running ones and the full queue.
    expect(results.filter((r) => r.status === 401).length).toBeGreaterThanOrEqual(3);
    expect(results.every((r) => r.status === 401 || r.status === 503)).toBe(true);

    const u = await t.user();
    expect((await t.http().get('/auth/me').set('Authorization', u.auth)).status).toBe(200);
  });

  it('registration waits for the same slots and is refused the same way', async () => {
    const [results] = await Promise.all([
      Promise.all(
        Array.from({ length: 30 }, () =>
          t
            .http()
            .post('/auth/register')
            .send({ email: uniqueEmail('busy'), password: PASSWORD }),
        ),
      ),
      flood(t, 10),
    ]);
    const busy = results.filter((r) => r.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    for (const res of busy) expectBusy(res);
    expect(results.every((r) => r.status === 201 || r.status === 503)).toBe(true);
  });
});

describe('the argon2 wait queue is bounded by waiting time (PASSWORD_HASH_MAX_WAIT_MS=100)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ PASSWORD_HASH_MAX_QUEUE: '100000', PASSWORD_HASH_MAX_WAIT_MS: '100' });
  });
  afterAll(() => t.close());

  it('a login that would wait behind a flood gets an answer soon (200, or 503 AUTH_BUSY) instead of waiting for the flood to drain', async () => {
    const u = await t.user();
    // 150 verifications of 20-40 ms each, on a few cores, take seconds to drain.
    const pending = flood(t, 150);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    const late = await t.http().post('/auth/login').send({ email: u.email, password: PASSWORD });
    const lateMs = Date.now() - started;
    const results = await pending;
    if (late.status !== 200) expectBusy(late);
    const busy = results.filter((r) => r.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    for (const res of busy) expectBusy(res);
    expect(results.filter((r) => r.status === 401).length).toBeGreaterThan(0);
    console.info(`wait bound: ${busy.length}/150 of the flood refused; a login sent during it answered ${late.status} in ${lateMs} ms`);
  });
});

describe('a refused (503) attempt does not count towards the lockout', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ PASSWORD_HASH_MAX_QUEUE: '0', LOGIN_MAX_FAILURES: '5', LOGIN_WINDOW: '60', LOGIN_LOCK: '60' });
  });
  afterAll(() => t.close());

  it('the owner, refused while someone floods the server, can log in once it is over', async () => {
    const victim = await t.user();
    // Five wrong passwords from the owner among a burst of sixty: each one either gets a slot (401, counted) or not
    // (503). All five counted would lock the next attempt; refused ones must be taken back, so it is not locked.
    const burst = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        i % 12 === 11
          ? t
              .http()
              .post('/auth/login')
              .send({ email: victim.email, password: 'typo' })
              .then((r) => ({ victim: true, status: r.status }))
          : t
              .http()
              .post('/auth/login')
              .send({ email: uniqueEmail('flood'), password: 'flood password' })
              .then((r) => ({ victim: false, status: r.status })),
      ),
    );
    const statuses = burst.filter((r) => r.victim).map((r) => r.status);
    expect(statuses).toHaveLength(5);
    expect(statuses.every((s) => s === 401 || s === 503)).toBe(true);
    expect(statuses, "the burst must refuse at least one of the owner's attempts").toContain(503);
    expect((await t.http().post('/auth/login').send({ email: victim.email, password: PASSWORD })).status).toBe(200);
  });
});

describe('PASSWORD_HASH_CONCURRENCY sets how many password hashes run at once', () => {
  const apps: TestApp[] = [];
  afterAll(async () => {
    await Promise.all(apps.map((t) => t.close()));
  });

  it('with six slots and no queue, six logins at once are all checked (none refused)', async () => {
    // Six below the pool size the configuration is told of; this process's pool has four threads, where two wait.
    const t = await startApp({ PASSWORD_HASH_CONCURRENCY: '6', UV_THREADPOOL_SIZE: '8', PASSWORD_HASH_MAX_QUEUE: '0' });
    apps.push(t);
    const results = await flood(t, 6);
    expect(results.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 401]);
  });

  it('with one slot and no queue, logins sent at once beyond the first running one are refused 503 AUTH_BUSY', async () => {
    const t = await startApp({ PASSWORD_HASH_CONCURRENCY: '1', PASSWORD_HASH_MAX_QUEUE: '0' });
    apps.push(t);
    const results = await flood(t, 6);
    expect(results.filter((r) => r.status === 401).length).toBeGreaterThanOrEqual(1);
    const busy = results.filter((r) => r.status === 503);
    expect(busy.length).toBeGreaterThanOrEqual(1);
    for (const res of busy) expectBusy(res);
  });
});
