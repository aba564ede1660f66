import type { Response } from 'supertest';
import { PASSWORD, startApp, uniqueEmail, type TestApp } from './support/test-app.js';

interface SetCookie {
  value: string;
  attributes: string[];
}

/** Set-Cookie headers by cookie name, with lower-cased attributes (e.g. "httponly", "samesite=lax"). */
function setCookies(res: Response): Record<string, SetCookie> {
  const raw = res.headers['set-cookie'] as unknown as string[] | undefined;
  const result: Record<string, SetCookie> = {};
  for (const line of raw ?? []) {
    const [pair, ...attributes] = line.split(';').map((p) => p.trim());
    const eq = pair.indexOf('=');
    result[pair.slice(0, eq)] = { value: pair.slice(eq + 1), attributes: attributes.map((a) => a.toLowerCase()) };
  }
  return result;
}

const AT = '__Host-gatehouse_at';
const RT = '__Secure-gatehouse_rt';
const CSRF = '__Host-gatehouse_csrf';

describe('cookie mode (AUTH_COOKIES=true)', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startApp({ AUTH_COOKIES: 'true' }); });
  afterAll(() => t.close());

  async function cookieLogin() {
    const email = uniqueEmail('cookie');
    await t.http().post('/auth/register').send({ email, password: PASSWORD }).expect(201);
    const res = await t.http().post('/auth/login').send({ email, password: PASSWORD }).expect(200);
    const jar = setCookies(res);
    const cookie = `${AT}=${jar[AT].value}; ${RT}=${jar[RT].value}; ${CSRF}=${jar[CSRF].value}`;
    return { res, jar, cookie, csrf: jar[CSRF].value, email };
  }

  it('login sets HttpOnly token cookies with the documented scope, and a readable CSRF cookie', async () => {
    const { res, jar } = await cookieLogin();
    // The JSON body is unchanged: cookies come in addition.
    expect(res.body.tokenType).toBe('Bearer');
    expect(jar[AT].value).toBe(res.body.accessToken);
    expect(jar[AT].attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=lax', 'path=/', 'secure']));
    expect(jar[RT].value).toBe(res.body.refreshToken);
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
    const wrong = await t.http().post('/auth/logout').set('Cookie', cookie).set('X-CSRF-Token', `${csrf.slice(0, -1)}${csrf.endsWith('A') ? 'B' : 'A'}`);
    expect(wrong.status).toBe(403);
    // A header without the cookie is no better: both halves must be there and equal.
    const noCookie = await t.http().post('/auth/logout').set('Cookie', cookie.replace(/; __Host-gatehouse_csrf=.*/, '')).set('X-CSRF-Token', csrf);
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
    const next = setCookies(res);
    expect(next[RT].value).toBe(res.body.refreshToken);
    expect(next[RT].value).not.toBe(jar[RT].value);
    expect(next[AT].value).toBe(res.body.accessToken);
    expect(next[CSRF].value).not.toBe(csrf);
    // The old refresh cookie is single use like any refresh token.
    const reuse = await t.http().post('/auth/refresh').set('Cookie', cookie).set('X-CSRF-Token', csrf);
    expect(reuse.status).toBe(401);
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
      const res = await t.http().post('/auth/login').send({ email: u.email, password: PASSWORD }).expect(200);
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
  beforeAll(async () => { t = await startApp(); });
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
});
