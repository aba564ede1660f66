import { DataSource } from 'typeorm';
import { PASSWORD, startApp, uniqueEmail, type TestApp } from './support/test-app.js';

/** What a 500 (or any error) must never show a client. */
const LEAKS = /\bat .+:\d+:\d+|SELECT|INSERT|UPDATE|DELETE FROM|SQLITE|QueryFailed|no such table|\$argon2|node_modules/i;

describe('input validation and error bodies', () => {
  let t: TestApp;
  let user: Awaited<ReturnType<TestApp['user']>>;
  beforeAll(async () => {
    t = await startApp();
    user = await t.user();
  });
  afterAll(() => t.close());

  it('answers 400 in the error shape for malformed JSON', async () => {
    const res = await t.http().post('/auth/login').set('Content-Type', 'application/json').send('{"email": "a@b.co", ');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(typeof res.body.message).toBe('string');
  });

  it.each([
    ['a JSON null', 'null'],
    ['a JSON number', '42'],
    ['a JSON array', '[{"email":"a@b.co","password":"x"}]'],
    ['a JSON string', '"a@b.co"'],
    ['an empty body', ''],
  ])('answers 400 for %s where an object is expected', async (_case, raw) => {
    const res = await t.http().post('/auth/login').set('Content-Type', 'application/json').send(raw);
    expect(res.status).toBe(400);
  });

  it.each([
    ['register', '/auth/register', { email: uniqueEmail('extra'), password: 'long enough 1', isAdmin: true }],
    ['login', '/auth/login', { email: 'a@b.co', password: 'long enough 1', remember: true }],
    ['refresh', '/auth/refresh', { refreshToken: 'x'.repeat(43), userId: 'u' }],
  ])('answers 400 naming an unknown field on %s', async (_case, path, body) => {
    const res = await t.http().post(path).send(body);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toMatch(/isAdmin|remember|userId/);
  });

  it('answers 415 for a body in a content type the API does not read', async () => {
    const res = await t.http().post('/auth/login').set('Content-Type', 'application/xml').send('<email>a@b.co</email>');
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' });
  });

  it('refuses a prototype-polluting key', async () => {
    const raw = `{"email":"${uniqueEmail('proto')}","password":"long enough 1","__proto__":{"roles":["admin"]}}`;
    const res = await t.http().post('/auth/register').set('Content-Type', 'application/json').send(raw);
    expect(res.status).toBe(400);
  });

  it('answers 413 for a body over 100 kB, and accepts one just under it', async () => {
    const tooBig = JSON.stringify({ title: 't', body: 'b'.repeat(101 * 1024) });
    const res = await t.http().post('/articles').set('Authorization', user.auth).set('Content-Type', 'application/json').send(tooBig);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
    const big = await t
      .http()
      .post('/auth/register')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(110_000) }));
    expect(big.status).toBe(413);
    // 50000 characters of body fit under the limit: the article limit is reachable.
    await t
      .http()
      .post('/articles')
      .set('Authorization', user.auth)
      .send({ title: 't', body: 'b'.repeat(50_000) })
      .expect(201);
  });

  it.each([
    ['get', '/users/not-a-uuid'],
    ['get', '/articles/12345'],
    ['patch', '/articles/zzz'],
    ['delete', "/articles/1' OR 1=1"],
    ['post', '/articles/00000000-0000-0000-0000-00000000000g/publish'],
    ['delete', '/auth/sessions/abc'],
  ] as const)('answers 400 for a malformed id on %s %s', async (method, path) => {
    // Callers that pass the role check, so the id itself is what is refused.
    const caller = path.startsWith('/users') ? await t.admin() : path.endsWith('/publish') ? await t.admin() : user;
    const res = await t.http()[method](encodeURI(path)).set('Authorization', caller.auth).send({ title: 'x' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });

  it.each([
    ['an object email and password', { email: { $ne: '' }, password: {} }],
    ['an array email', { email: ['a@b.co'], password: 'long enough 1' }],
    ['a numeric password', { email: 'a@b.co', password: 12345678 }],
    ['a boolean email', { email: true, password: 'long enough 1' }],
    ['a null password', { email: 'a@b.co', password: null }],
  ])('answers 400, not 500, for %s on login', async (_case, body) => {
    const res = await t.http().post('/auth/login').send(body);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toMatch(LEAKS);
  });

  it.each([
    ['an object email', { email: { toString: 'x' }, password: 'long enough 1' }],
    ['an object displayName', { email: uniqueEmail('obj'), password: 'long enough 1', displayName: { a: 1 } }],
    ['an object refreshToken', { refreshToken: { $gt: '' } }],
  ])('answers 400, not 500, for %s', async (_case, body) => {
    const path = 'refreshToken' in body ? '/auth/refresh' : '/auth/register';
    const res = await t.http().post(path).send(body);
    expect(res.status).toBe(400);
  });

  it('answers 404 in the error shape for an unknown route', async () => {
    const res = await t.http().get('/no-such-route');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('answers a clear 4xx for oversized headers', async () => {
    const res = await t
      .http()
      .get('/auth/me')
      .set('Authorization', `Bearer ${'a'.repeat(20_000)}`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });
});

describe('server-side failures', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('answers a 500 without a stack, SQL or driver message when the schema is broken', async () => {
    const u = await t.user();
    await t.app.get(DataSource).query('DROP TABLE articles');
    const res = await t.http().get('/articles');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'Internal server error', code: 'INTERNAL_ERROR' });
    expect(res.text).not.toMatch(LEAKS);
    const post = await t.http().post('/articles').set('Authorization', u.auth).send({ title: 't', body: 'b' });
    expect(post.status).toBe(500);
    expect(post.text).not.toMatch(LEAKS);
  });

  it('answers 503 with Retry-After, not 500, when the database connection is gone', async () => {
    const dataSource = t.app.get(DataSource);
    await dataSource.destroy();
    try {
      const res = await t.http().post('/auth/login').send({ email: 'a@b.co', password: 'long enough 1' });
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ statusCode: 503, code: 'DATABASE_UNAVAILABLE' });
      expect(res.headers['retry-after']).toBe('5');
      expect(res.text).not.toMatch(LEAKS);
    } finally {
      await dataSource.initialize();
    }
  });
});

describe('content types', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('refuses a form-encoded login (a cross-site form post) with 415, even with the right password', async () => {
    const u = await t.user();
    const res = await t.http().post('/auth/login').type('form').send({ email: u.email, password: PASSWORD });
    expect(res.status).toBe(415);
    expect(res.body.accessToken).toBeUndefined();
  });
});
