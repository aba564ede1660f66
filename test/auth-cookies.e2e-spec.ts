import { AT, CSRF, RT, setCookies } from './support/cookie-jar.js';
import { PASSWORD, startApp, uniqueEmail, type TestApp } from './support/test-app.js';

describe('cookie mode (AUTH_COOKIES=true)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ AUTH_COOKIES: 'true' });
  });
  afterAll(() => t.close());

  async function cookieLogin() {
    const email = uniqueEmail('cookie');
    await t.http().post('/auth/register').send({ email, password: PASSWORD }).expect(201);
    const res = await t.http().post('/auth/login').set('X-Token-Delivery', 'cookie').send({ email, password: PASSWORD }).expect(200);
    const jar = setCookies(res);
    const cookie = `${AT}=${jar[AT].value}; ${RT}=${jar[RT].value}; ${CSRF}=${jar[CSRF].value}`;
    return { res, jar, cookie, csrf: jar[CSRF].value, email };
  }

  it('login with X-Token-Delivery: cookie sets HttpOnly token cookies with the documented scope, and a readable CSRF cookie', async () => {
    const { res, jar } = await cookieLogin();
    // The tokens travel in the cookies only; the body keeps the lifetime.
    expect(res.body).toEqual({ expiresIn: 900 });
    expect(jar[AT].value.split('.')).toHaveLength(3);
    expect(jar[AT].attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=lax', 'path=/', 'secure', 'max-age=900']));
    expect(jar[RT].value.length).toBeGreaterThanOrEqual(43);
    expect(jar[RT].attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/auth', 'secure']));
    expect(jar[CSRF].attributes).not.toContain('httponly');
    expect(jar[CSRF].value.length).toBeGreaterThanOrEqual(43);
  });

  it('authenticates safe requests with the access cookie alone', async () => {
    const { cookie, email } = await cookieLogin();
    const me = await t.http().get('/auth/me').set('Cookie', cookie);
    expect(me.status).toBe(200);
    expect(me.body.email).toBe(email);
  });

  it('rejects a cookie-authenticated unsafe request without a matching X-CSRF-Token', async () => {
    const { cookie, csrf } = await cookieLogin();
    const missing = await t.http().post('/auth/logout').set('Cookie', cookie);
    expect(missing.status).toBe(403);
    expect(missing.body.code).toBe('AUTH_CSRF_INVALID');
    const wrong = await t
      .http()
      .post('/auth/logout')
      .set('Cookie', cookie)
      .set('X-CSRF-Token', `${csrf.slice(0, -1)}${csrf.endsWith('A') ? 'B' : 'A'}`);
    expect(wrong.status).toBe(403);
    // A header without the cookie is no better: both halves must be there and equal.
    const noCookie = await t
      .http()
      .post('/auth/logout')
      .set('Cookie', cookie.replace(/; __Host-gatehouse_csrf=.*/, ''))
      .set('X-CSRF-Token', csrf);
    expect(noCookie.status).toBe(403);
    // The session is still alive after the rejected attempts.
    await t.http().get('/auth/me').set('Cookie', cookie).expect(200);
  });

  it('logout with the CSRF header revokes the session and clears the cookies', async () => {
    const { cookie, csrf } = await cookieLogin();
    const res = await t.http().post('/auth/logout').set('Cookie', cookie).set('X-CSRF-Token', csrf);
    expect(res.status).toBe(204);
    const cleared = setCookies(res);
    for (const name of [AT, RT, CSRF]) {
      expect(cleared[name].value).toBe('');
      expect(cleared[name].attributes.some((a) => a === 'max-age=0' || a.startsWith('expires=thu, 01 jan 1970'))).toBe(true);
    }
    expect(cleared[RT].attributes).toContain('path=/auth');
    const after = await t.http().get('/auth/me').set('Cookie', cookie);
    expect(after.status).toBe(401);
    expect(after.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it('leaves Bearer requests unaffected: no CSRF header needed, and the Authorization header wins over a cookie', async () => {
    const a = await cookieLogin();
    const b = await t.user();
    const me = await t.http().get('/auth/me').set('Cookie', a.cookie).set('Authorization', b.auth);
    expect(me.body.email).toBe(b.email);
    await t.http().post('/auth/logout').set('Authorization', b.auth).expect(204);
  });

  it('refreshes from the refresh cookie (with CSRF) and rotates all three cookies', async () => {
    const { cookie, csrf, jar } = await cookieLogin();
    const noCsrf = await t.http().post('/auth/refresh').set('Cookie', cookie);
    expect(noCsrf.status).toBe(403);
    const res = await t.http().post('/auth/refresh').set('Cookie', cookie).set('X-CSRF-Token', csrf);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ expiresIn: 900 });
    const next = setCookies(res);
    expect(next[RT].value).not.toBe(jar[RT].value);
    expect(next[AT].value).not.toBe(jar[AT].value);
    // The CSRF token belongs to the session, so it is set again unchanged.
    expect(next[CSRF].value).toBe(csrf);
    // The old refresh cookie is single use like any refresh token.
    const reuse = await t.http().post('/auth/refresh').set('Cookie', cookie).set('X-CSRF-Token', csrf);
    expect(reuse.status).toBe(401);
  });

  it('delivers in the body by default: a client that does not ask for cookies gets the usual tokens and no cookie', async () => {
    const u = await t.user();
    const login = await t.http().post('/auth/login').send({ email: u.email, password: PASSWORD }).expect(200);
    expect(Object.keys(login.body).sort()).toEqual(['accessToken', 'expiresIn', 'refreshToken', 'tokenType']);
    expect(login.headers['set-cookie']).toBeUndefined();
    const explicit = await t.http().post('/auth/login').set('X-Token-Delivery', 'body').send({ email: u.email, password: PASSWORD }).expect(200);
    expect(explicit.headers['set-cookie']).toBeUndefined();
    const refreshed = await t.http().post('/auth/refresh').send({ refreshToken: login.body.refreshToken }).expect(200);
    expect(refreshed.body.refreshToken).toEqual(expect.any(String));
    expect(refreshed.headers['set-cookie']).toBeUndefined();
  });

  it('moves a body-token client to cookies when its refresh asks for them', async () => {
    const u = await t.user();
    const res = await t.http().post('/auth/refresh').set('X-Token-Delivery', 'cookie').send({ refreshToken: u.refreshToken }).expect(200);
    expect(res.body).toEqual({ expiresIn: 900 });
    const jar = setCookies(res);
    expect(Object.keys(jar).sort()).toEqual([AT, CSRF, RT].sort());
    await t.http().get('/auth/me').set('Cookie', `${AT}=${jar[AT].value}`).expect(200);
  });

  it('answers 400 to an unknown X-Token-Delivery before checking any password', async () => {
    const u = await t.user();
    const res = await t.http().post('/auth/login').set('X-Token-Delivery', 'both').send({ email: u.email, password: 'wrong password!' });
    expect(res.status).toBe(400);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('answers 400 to a refresh with neither a body token nor a refresh cookie', async () => {
    const res = await t.http().post('/auth/refresh').send({});
    expect(res.status).toBe(400);
  });

  it('rejects a forged access cookie with 401 invalid_token', async () => {
    const { jar } = await cookieLogin();
    const [h, p] = jar[AT].value.split('.');
    const res = await t.http().get('/auth/me').set('Cookie', `${AT}=${h}.${p}.AAAA`);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
  });
});

describe('cookie mode in development', () => {
  it('drops Secure and the __Host-/__Secure- prefixes so plain http://localhost works', async () => {
    const t = await startApp({ AUTH_COOKIES: 'true', NODE_ENV: 'development' });
    try {
      const u = await t.user();
      const res = await t.http().post('/auth/login').set('X-Token-Delivery', 'cookie').send({ email: u.email, password: PASSWORD }).expect(200);
      const jar = setCookies(res);
      expect(Object.keys(jar).sort()).toEqual(['gatehouse_at', 'gatehouse_csrf', 'gatehouse_rt']);
      for (const c of Object.values(jar)) expect(c.attributes).not.toContain('secure');
    } finally {
      await t.close();
    }
  });
});

describe('cookie mode off (default)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('sets no cookies and ignores an access-token cookie', async () => {
    const u = await t.user();
    const res = await t.http().post('/auth/login').send({ email: u.email, password: PASSWORD }).expect(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    const me = await t.http().get('/auth/me').set('Cookie', `${AT}=${u.accessToken}; gatehouse_at=${u.accessToken}`);
    expect(me.status).toBe(401);
    expect(me.body.code).toBe('AUTH_TOKEN_MISSING');
  });

  it('still answers 400 to a refresh without a token', async () => {
    await t.http().post('/auth/refresh').send({}).expect(400);
  });

  it('answers 400 to a client that asks for cookie delivery', async () => {
    const u = await t.user();
    const res = await t.http().post('/auth/login').set('X-Token-Delivery', 'cookie').send({ email: u.email, password: PASSWORD });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('AUTH_COOKIES');
  });
});
