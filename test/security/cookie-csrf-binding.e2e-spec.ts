import { randomBytes } from 'node:crypto';
import { AT, CSRF, RT, cookieHeader, cookieLogin, setCookies, type CookieSession } from '../support/cookie-jar.js';
import { startApp, type TestApp } from '../support/test-app.js';

/**
 * Cookie mode attacks. Tokens that a page script can read are one XSS away from leaving the browser, and a CSRF token
 * that is only compared with its own cookie can be replaced together with that cookie by anyone who can plant cookies
 * (a sibling subdomain, a plain-http hop): the CSRF token must belong to the session that the cookies carry.
 */
describe('cookie mode: no token in a body that page scripts can read', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ AUTH_COOKIES: 'true' });
  });
  afterAll(() => t.close());

  it('login with cookie delivery answers {expiresIn} only: the tokens are in HttpOnly cookies and nowhere else', async () => {
    const { res, at, rt } = await cookieLogin(t);
    expect(res.body).toEqual({ expiresIn: 900 });
    expect(JSON.stringify(res.body)).not.toContain(at);
    expect(JSON.stringify(res.body)).not.toContain(rt);
    const jar = setCookies(res);
    expect(jar[AT].attributes).toContain('httponly');
    expect(jar[RT].attributes).toContain('httponly');
  });

  it('a script that replays the refresh cookie with the CSRF token (XSS) gets new cookies, never a token in the body', async () => {
    const s = await cookieLogin(t);
    const res = await t.http().post('/auth/refresh').set('Cookie', s.cookie).set('X-CSRF-Token', s.csrf);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ expiresIn: 900 });
    const next = setCookies(res);
    expect(next[RT].value).not.toBe(s.rt);
    expect(JSON.stringify(res.body)).not.toContain(next[RT].value);
    // Asking for the body instead is refused, and the refresh token is not spent by the refusal.
    const asBody = await t
      .http()
      .post('/auth/refresh')
      .set('Cookie', cookieHeader({ ...s, rt: next[RT].value }))
      .set('X-CSRF-Token', s.csrf)
      .set('X-Token-Delivery', 'body');
    expect(asBody.status).toBe(400);
    expect(asBody.body).not.toHaveProperty('refreshToken');
    const still = await t
      .http()
      .post('/auth/refresh')
      .set('Cookie', cookieHeader({ ...s, rt: next[RT].value }))
      .set('X-CSRF-Token', s.csrf);
    expect(still.status).toBe(200);
  });
});

describe('cookie mode: the CSRF token is bound to the session', () => {
  let t: TestApp;
  let victim: CookieSession;
  let attacker: CookieSession;
  beforeAll(async () => {
    t = await startApp({ AUTH_COOKIES: 'true' });
    victim = await cookieLogin(t);
    attacker = await cookieLogin(t);
  });
  afterAll(() => t.close());

  const victimAlive = async () =>
    expect(
      (
        await t
          .http()
          .get('/auth/me')
          .set('Cookie', cookieHeader({ at: victim.at }))
      ).status,
    ).toBe(200);

  it("refuses the victim's access cookie with the CSRF token of the attacker's own session, planted as cookie and header", async () => {
    const res = await t
      .http()
      .post('/auth/logout')
      .set('Cookie', cookieHeader({ at: victim.at, csrf: attacker.csrf }))
      .set('X-CSRF-Token', attacker.csrf);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('AUTH_CSRF_INVALID');
    await victimAlive();
  });

  it("refuses a made-up CSRF token planted as cookie and header, with the victim's or the attacker's own cookies", async () => {
    const madeUp = randomBytes(32).toString('base64url');
    for (const at of [victim.at, attacker.at]) {
      const res = await t
        .http()
        .post('/auth/logout-all')
        .set('Cookie', cookieHeader({ at, csrf: madeUp }))
        .set('X-CSRF-Token', madeUp);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('AUTH_CSRF_INVALID');
    }
    await victimAlive();
    expect(
      (
        await t
          .http()
          .get('/auth/me')
          .set('Cookie', cookieHeader({ at: attacker.at }))
      ).status,
    ).toBe(200);
  });

  it("refuses a refresh cookie planted from the attacker's session with the victim's CSRF token, and spends nothing", async () => {
    // The victim's page sends its own (unplantable __Host-) CSRF token; the refresh cookie (__Secure-, path /auth) is the attacker's.
    const res = await t
      .http()
      .post('/auth/refresh')
      .set('Cookie', cookieHeader({ rt: attacker.rt, csrf: victim.csrf }))
      .set('X-CSRF-Token', victim.csrf);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('AUTH_CSRF_INVALID');
    expect(res.headers['set-cookie']).toBeUndefined();
    // Nothing was rotated: the attacker's refresh token is unused (no reuse alarm), the victim's session untouched.
    const own = await t
      .http()
      .post('/auth/refresh')
      .set('Cookie', cookieHeader({ rt: attacker.rt, csrf: attacker.csrf }))
      .set('X-CSRF-Token', attacker.csrf);
    expect(own.status).toBe(200);
    attacker = { ...attacker, rt: setCookies(own)[RT].value };
    await victimAlive();
  });

  it("accepts each session's own CSRF token, which stays the same across refreshes of that session", async () => {
    const s = await cookieLogin(t);
    const refreshed = await t.http().post('/auth/refresh').set('Cookie', s.cookie).set('X-CSRF-Token', s.csrf).expect(200);
    const next = setCookies(refreshed);
    expect(next[CSRF].value).toBe(s.csrf);
    expect(next[CSRF].value).not.toBe(victim.csrf);
    await t
      .http()
      .post('/auth/logout')
      .set('Cookie', cookieHeader({ at: next[AT].value, csrf: s.csrf }))
      .set('X-CSRF-Token', s.csrf)
      .expect(204);
  });
});

describe('cookie mode: GET /auth/verify behind a forward-auth proxy', () => {
  let t: TestApp;
  let s: CookieSession;
  beforeAll(async () => {
    t = await startApp({ AUTH_COOKIES: 'true' });
    s = await cookieLogin(t);
  });
  afterAll(() => t.close());

  const verify = (forwardedMethod?: string, csrf?: string) => {
    const req = t
      .http()
      .get('/auth/verify')
      .set('Cookie', cookieHeader({ at: s.at, csrf: s.csrf }));
    if (forwardedMethod) req.set('X-Forwarded-Method', forwardedMethod);
    if (csrf) req.set('X-CSRF-Token', csrf);
    return req;
  };

  it("refuses a cookie-authenticated unsafe request that lacks its session's CSRF token (403)", async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'post']) {
      const res = await verify(method);
      expect({ method, status: res.status, code: res.body.code }).toEqual({ method, status: 403, code: 'AUTH_CSRF_INVALID' });
    }
    const other = await cookieLogin(t);
    expect((await verify('POST', other.csrf)).status).toBe(403);
  });

  it('admits it with the CSRF token, and safe methods (GET, HEAD, OPTIONS) or no X-Forwarded-Method without one', async () => {
    const res = await verify('DELETE', s.csrf);
    expect(res.status).toBe(200);
    expect(res.headers['x-auth-user-id']).toBeDefined();
    for (const method of ['GET', 'HEAD', 'OPTIONS', undefined]) expect((await verify(method)).status).toBe(200);
  });

  it('never asks a Bearer request for a CSRF token', async () => {
    const u = await t.user();
    const res = await t.http().get('/auth/verify').set('Authorization', u.auth).set('X-Forwarded-Method', 'POST');
    expect(res.status).toBe(200);
  });
});

describe('cookie mode: the CSRF key outlives a restart', () => {
  it('accepts a CSRF token issued before the restart', async () => {
    const first = await startApp({ AUTH_COOKIES: 'true' });
    const s = await cookieLogin(first);
    await first.close({ keepFiles: true });
    const second = await startApp({ AUTH_COOKIES: 'true' }, first.dir);
    try {
      const res = await second.http().post('/auth/logout').set('Cookie', s.cookie).set('X-CSRF-Token', s.csrf);
      expect(res.status).toBe(204);
    } finally {
      await second.close();
    }
  });
});
