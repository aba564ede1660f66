import { startApp, type TestApp } from './support/test-app.js';

/** GET /auth/verify as proxies call it (the proxies themselves: test/proxies/). */
describe('GET /auth/verify for reverse proxies', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it("ignores query parameters other than role, since proxies pass the client's query along", async () => {
    const u = await t.user();
    const res = await t.http().get('/auth/verify?q=1&page=2&utm_source=x').set('Authorization', u.auth);
    expect(res.status).toBe(200);
    expect(res.headers['x-auth-user-id']).toBe(u.id);
    expect((await t.http().get('/auth/verify?q=1&role=admin').set('Authorization', u.auth)).status).toBe(403);
  });

  it('reads an empty role as none, and refuses a role given twice or unknown with a coded 400', async () => {
    const u = await t.user();
    expect((await t.http().get('/auth/verify?role=').set('Authorization', u.auth)).status).toBe(200);
    const twice = await t.http().get('/auth/verify?role=user&role=admin').set('Authorization', u.auth);
    expect(twice.status).toBe(400);
    expect(twice.body.code).toBe('REQUEST_INVALID');
    expect((await t.http().get('/auth/verify?role=root').set('Authorization', u.auth)).status).toBe(400);
  });

  it('answers HEAD like GET, without a body', async () => {
    const u = await t.user();
    const res = await t.http().head('/auth/verify').set('Authorization', u.auth);
    expect(res.status).toBe(200);
    expect(res.headers['x-auth-user-id']).toBe(u.id);
    expect(res.text ?? '').toBe('');
    const none = await t.http().head('/auth/verify');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  it('does not let a preflight through from a peer TRUST_PROXY does not name (here: none)', async () => {
    const res = await t.http().get('/auth/verify').set('X-Forwarded-Method', 'OPTIONS').set('Access-Control-Request-Method', 'POST');
    expect(res.status).toBe(401);
  });
});

describe('GET /auth/verify behind a trusted proxy (TRUST_PROXY=loopback)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ TRUST_PROXY: 'loopback' });
  });
  afterAll(() => t.close());

  it('lets a relayed CORS preflight through with 204 and no identity', async () => {
    const res = await t.http().get('/auth/verify').set('X-Forwarded-Method', 'OPTIONS').set('Access-Control-Request-Method', 'PUT');
    expect(res.status).toBe(204);
    expect(res.headers['x-auth-user-id']).toBeUndefined();
    expect(res.headers['x-auth-roles']).toBeUndefined();
  });

  it('still asks for credentials on anything else: OPTIONS without Access-Control-Request-Method, or another method', async () => {
    expect((await t.http().get('/auth/verify').set('X-Forwarded-Method', 'OPTIONS')).status).toBe(401);
    const post = await t.http().get('/auth/verify').set('X-Forwarded-Method', 'POST').set('Access-Control-Request-Method', 'POST');
    expect(post.status).toBe(401);
    expect((await t.http().get('/auth/verify').set('Access-Control-Request-Method', 'POST')).status).toBe(401);
  });

  it('does not pass a preflight on other routes', async () => {
    const res = await t.http().get('/auth/me').set('X-Forwarded-Method', 'OPTIONS').set('Access-Control-Request-Method', 'GET');
    expect(res.status).toBe(401);
  });
});
