import { DataSource } from 'typeorm';
import { userWithRole } from './support/accounts.js';
import { ADMIN_EMAIL, decodeSegment, PASSWORD, startApp, uniqueEmail, type TestApp } from './support/test-app.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const REJECTED = 'Bearer realm="gatehouse", error="invalid_token"';

describe('auth endpoints', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  describe('POST /auth/register', () => {
    it('creates a plain user and answers its public shape, without the hash', async () => {
      const email = uniqueEmail('Reg').replace('reg', 'Reg');
      const res = await t.http().post('/auth/register').send({ email, password: PASSWORD, displayName: 'Ada' });
      expect(res.status).toBe(201);
      expect(Object.keys(res.body).sort()).toEqual([
        'createdAt',
        'disabled',
        'displayName',
        'email',
        'emailVerified',
        'id',
        'kind',
        'mfaEnabled',
        'roles',
      ]);
      expect(res.body).toMatchObject({ email: email.toLowerCase(), displayName: 'Ada', roles: ['user'], disabled: false });
      expect(res.body.id).toMatch(UUID);
      expect(new Date(res.body.createdAt).toISOString()).toBe(res.body.createdAt);
      expect(JSON.stringify(res.body)).not.toMatch(/argon2|hash/i);
    });

    it('answers 409 for an email taken in another letter case', async () => {
      const email = uniqueEmail('dup');
      await t.http().post('/auth/register').send({ email, password: PASSWORD }).expect(201);
      const res = await t.http().post('/auth/register').send({ email: email.toUpperCase(), password: PASSWORD });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ statusCode: 409, error: 'Conflict', code: 'AUTH_EMAIL_TAKEN' });
    });

    it('refuses `roles` in the body with 400 and creates nothing', async () => {
      const email = uniqueEmail('sneaky');
      const res = await t
        .http()
        .post('/auth/register')
        .send({ email, password: PASSWORD, roles: ['admin'] });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.message)).toContain('roles');
      // Nothing was stored: the same email can still register, and only as a user.
      const again = await t.http().post('/auth/register').send({ email, password: PASSWORD });
      expect(again.status).toBe(201);
      expect(again.body.roles).toEqual(['user']);
    });

    it.each([
      ['a malformed email', { email: 'not-an-email', password: PASSWORD }],
      ['a missing email', { password: PASSWORD }],
      ['a 7-character password', { email: 'short@example.com', password: '1234567' }],
      ['a 129-character password', { email: 'long@example.com', password: 'x'.repeat(129) }],
      ['a 101-character displayName', { email: 'name@example.com', password: PASSWORD, displayName: 'n'.repeat(101) }],
      ['an email over 254 characters', { email: `${'a'.repeat(250)}@example.com`, password: PASSWORD }],
    ])('answers 400 for %s', async (_case, body) => {
      const res = await t.http().post('/auth/register').send(body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    });

    it('accepts the boundary password lengths 8 and 128', async () => {
      await t
        .http()
        .post('/auth/register')
        .send({ email: uniqueEmail('p8'), password: '12345678' })
        .expect(201);
      await t
        .http()
        .post('/auth/register')
        .send({ email: uniqueEmail('p128'), password: 'y'.repeat(128) })
        .expect(201);
    });
  });

  describe('POST /auth/login', () => {
    it('answers the token pair in the documented shape', async () => {
      const email = uniqueEmail('login');
      await t.http().post('/auth/register').send({ email, password: PASSWORD }).expect(201);
      const res = await t.http().post('/auth/login').send({ email: email.toUpperCase(), password: PASSWORD });
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(['accessToken', 'expiresIn', 'refreshToken', 'tokenType']);
      expect(res.body.tokenType).toBe('Bearer');
      expect(res.body.expiresIn).toBe(900);
      expect(res.body.accessToken.split('.')).toHaveLength(3);
      // At least 256 bits of randomness in the opaque refresh token (43+ base64url characters).
      expect(res.body.refreshToken.length).toBeGreaterThanOrEqual(43);
      expect(res.body.refreshToken).not.toContain('.');
    });

    it('answers the same 401 for a wrong password and for an unknown email', async () => {
      const u = await t.user();
      const wrong = await t.http().post('/auth/login').send({ email: u.email, password: 'wrong password!' });
      const unknown = await t
        .http()
        .post('/auth/login')
        .send({ email: uniqueEmail('nobody'), password: PASSWORD });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Invalid credentials', code: 'AUTH_INVALID_CREDENTIALS' });
      expect(unknown.body).toEqual(wrong.body);
      expect(unknown.headers['www-authenticate']).toBe(wrong.headers['www-authenticate']);
    });

    it('tells a disabled account 403 only after the right password', async () => {
      const u = await t.user();
      const admin = await t.admin();
      await t.http().patch(`/users/${u.id}/status`).set('Authorization', admin.auth).send({ disabled: true }).expect(200);
      const wrong = await t.http().post('/auth/login').send({ email: u.email, password: 'wrong password!' });
      expect(wrong.status).toBe(401);
      expect(wrong.body.message).toBe('Invalid credentials');
      const right = await t.http().post('/auth/login').send({ email: u.email, password: PASSWORD });
      expect(right.status).toBe(403);
      expect(right.body).toMatchObject({ statusCode: 403, code: 'AUTH_ACCOUNT_DISABLED' });
      expect(right.body.accessToken).toBeUndefined();
    });
  });

  describe('the access token', () => {
    it('has the header {alg: ES256, typ: at+jwt, kid} with a published kid', async () => {
      const u = await t.user();
      const header = decodeSegment(u.accessToken, 0);
      expect(Object.keys(header).sort()).toEqual(['alg', 'kid', 'typ']);
      expect(header).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
      const jwks = await t.http().get('/.well-known/jwks.json');
      expect(jwks.body.keys.map((k: { kid: string }) => k.kid)).toContain(header.kid);
    });

    it('carries exactly iss, aud, sub, iat, exp, jti, sid, roles, amr and auth_time, and no email', async () => {
      const u = await t.user();
      const claims = decodeSegment(u.accessToken, 1);
      expect(Object.keys(claims).sort()).toEqual(['amr', 'aud', 'auth_time', 'exp', 'iat', 'iss', 'jti', 'roles', 'sid', 'sub']);
      expect(claims.amr).toEqual(['pwd']);
      expect(claims.auth_time).toBeLessThanOrEqual(claims.iat as number);
      expect(claims.auth_time).toBeGreaterThan((claims.iat as number) - 5);
      expect(claims).toMatchObject({ iss: 'gatehouse', aud: 'gatehouse-api', sub: u.id, roles: ['user'] });
      expect(claims.jti).toMatch(UUID);
      expect(claims.sid).toMatch(UUID);
      expect((claims.exp as number) - (claims.iat as number)).toBe(900);
      expect(Math.abs((claims.iat as number) - Date.now() / 1000)).toBeLessThan(60);
      expect(JSON.stringify(claims)).not.toContain(u.email);
    });

    it('gets a fresh jti for every login', async () => {
      const u = await t.user();
      const again = await t.http().post('/auth/login').send({ email: u.email, password: PASSWORD }).expect(200);
      expect(decodeSegment(again.body.accessToken, 1).jti).not.toBe(decodeSegment(u.accessToken, 1).jti);
      expect(decodeSegment(again.body.accessToken, 1).sid).not.toBe(decodeSegment(u.accessToken, 1).sid);
    });
  });

  describe('POST /auth/refresh', () => {
    it('returns a new pair for the same session, and the new access token works', async () => {
      const u = await t.user();
      const res = await t.http().post('/auth/refresh').send({ refreshToken: u.refreshToken });
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(['accessToken', 'expiresIn', 'refreshToken', 'tokenType']);
      expect(res.body.tokenType).toBe('Bearer');
      expect(res.body.refreshToken).not.toBe(u.refreshToken);
      expect(res.body.accessToken).not.toBe(u.accessToken);
      expect(decodeSegment(res.body.accessToken, 1).sid).toBe(decodeSegment(u.accessToken, 1).sid);
      const me = await t.http().get('/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`);
      expect(me.status).toBe(200);
      expect(me.body.id).toBe(u.id);
    });

    it('answers 401 for an unknown refresh token and 400 for a missing one', async () => {
      const unknown = await t
        .http()
        .post('/auth/refresh')
        .send({ refreshToken: 'A'.repeat(43) });
      expect(unknown.status).toBe(401);
      expect(unknown.body.code).toBe('AUTH_REFRESH_INVALID');
      await t.http().post('/auth/refresh').send({}).expect(400);
    });

    it('does not accept an access token as a refresh token', async () => {
      const u = await t.user();
      const res = await t.http().post('/auth/refresh').send({ refreshToken: u.accessToken });
      // 400 since access tokens carry amr and auth_time: longer than any refresh token may be.
      expect([400, 401]).toContain(res.status);
      expect(res.body.accessToken).toBeUndefined();
    });
  });

  describe('GET /auth/me', () => {
    it('answers the caller as a user object', async () => {
      const u = await t.user();
      const res = await t.http().get('/auth/me').set('Authorization', u.auth);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual([
        'createdAt',
        'disabled',
        'displayName',
        'email',
        'emailVerified',
        'id',
        'kind',
        'mfaEnabled',
        'roles',
      ]);
      expect(res.body).toMatchObject({ id: u.id, email: u.email, roles: ['user'], disabled: false });
    });

    it('answers 401 with a bare Bearer challenge when no token is sent', async () => {
      const res = await t.http().get('/auth/me');
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="gatehouse"');
      expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    });

    it.each([
      ['a junk token', 'Bearer not.a.jwt'],
      ['a random string', 'Bearer abc'],
      ['an empty bearer', 'Bearer '],
      ['a Basic credential', 'Basic dXNlcjpwYXNz'],
    ])('answers 401 invalid_token for %s', async (_case, authorization) => {
      const res = await t.http().get('/auth/me').set('Authorization', authorization);
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe(REJECTED);
    });
  });

  // Tokens the app did not issue as they are (expired, skewed, another iss or aud, edited) are the attack suite's:
  // test/security/jwt-forgery.e2e-spec.ts, on /auth/verify and on the routes that read the database.

  describe('GET /auth/verify', () => {
    it('answers {sub, roles, sid, exp} and the forward-auth headers', async () => {
      const u = await t.user();
      const claims = decodeSegment(u.accessToken, 1);
      const res = await t.http().get('/auth/verify').set('Authorization', u.auth);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ sub: u.id, roles: ['user'], sid: claims.sid, exp: claims.exp });
      expect(res.headers['x-auth-user-id']).toBe(u.id);
      expect(res.headers['x-auth-roles']).toBe('user');
    });

    it('answers 200 for a held role, 403 for a higher one, 400 for an unknown one', async () => {
      const u = await t.user();
      await t.http().get('/auth/verify?role=user').set('Authorization', u.auth).expect(200);
      const denied = await t.http().get('/auth/verify?role=admin').set('Authorization', u.auth);
      expect(denied.status).toBe(403);
      expect(denied.headers['x-auth-user-id']).toBeUndefined();
      await t.http().get('/auth/verify?role=bogus').set('Authorization', u.auth).expect(400);
    });

    it('admits a higher role for a lower requirement', async () => {
      const editor = await userWithRole(t, 'editor');
      const res = await t.http().get('/auth/verify?role=user').set('Authorization', editor.auth);
      expect(res.status).toBe(200);
      expect(res.headers['x-auth-roles']).toBe('editor');
      await t.http().get('/auth/verify?role=admin').set('Authorization', editor.auth).expect(403);
      const admin = await t.admin();
      await t.http().get('/auth/verify?role=editor').set('Authorization', admin.auth).expect(200);
    });

    it('answers 401 without a token and 401 invalid_token for a junk one', async () => {
      const none = await t.http().get('/auth/verify');
      expect(none.status).toBe(401);
      expect(none.headers['www-authenticate']).toBe('Bearer realm="gatehouse"');
      const junk = await t.http().get('/auth/verify').set('Authorization', 'Bearer x.y.z');
      expect(junk.status).toBe(401);
      expect(junk.headers['www-authenticate']).toBe(REJECTED);
    });
  });

  it('keeps the bootstrap admin an admin', async () => {
    const admin = await t.admin();
    const me = await t.http().get('/auth/me').set('Authorization', admin.auth).expect(200);
    expect(me.body).toMatchObject({ email: ADMIN_EMAIL, roles: ['admin'] });
  });
});

describe('GET /auth/verify without the database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('keeps answering forward-auth from the token alone while routes that need the database answer 503', async () => {
    const u = await t.user();
    const dataSource = t.app.get(DataSource);
    await dataSource.destroy();
    try {
      const res = await t.http().get('/auth/verify?role=user').set('Authorization', u.auth);
      expect(res.status).toBe(200);
      expect(res.headers['x-auth-user-id']).toBe(u.id);
      await t.http().get('/auth/verify').set('Authorization', 'Bearer junk').expect(401);
      await t.http().get('/auth/sessions').set('Authorization', u.auth).expect(503);
    } finally {
      await dataSource.initialize();
    }
  });
});

describe('auth with HS256 and a configured TTL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ JWT_ALG: 'HS256', JWT_SECRET: 'an HS256 secret of more than 32 bytes!', ACCESS_TOKEN_TTL: '1h' });
  });
  afterAll(() => t.close());

  it('issues and verifies HS256 tokens end to end', async () => {
    const u = await t.user();
    const header = decodeSegment(u.accessToken, 0);
    expect(header).toMatchObject({ alg: 'HS256', typ: 'at+jwt' });
    expect(typeof header.kid).toBe('string');
    expect(u.expiresIn).toBe(3600);
    const claims = decodeSegment(u.accessToken, 1);
    expect((claims.exp as number) - (claims.iat as number)).toBe(3600);
    await t.http().get('/auth/me').set('Authorization', u.auth).expect(200);
    await t.http().get('/auth/verify').set('Authorization', u.auth).expect(200);
    const refreshed = await t.http().post('/auth/refresh').send({ refreshToken: u.refreshToken }).expect(200);
    await t.http().get('/auth/me').set('Authorization', `Bearer ${refreshed.body.accessToken}`).expect(200);
    const admin = await t.admin();
    await t.http().get('/users').set('Authorization', admin.auth).expect(200);
    await t.http().get('/users').set('Authorization', u.auth).expect(403);
  });

  it('rejects an ES256 token from another instance with invalid_token', async () => {
    const other = await startApp();
    try {
      const foreign = await other.user();
      const res = await t.http().get('/auth/me').set('Authorization', foreign.auth);
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe(REJECTED);
    } finally {
      await other.close();
    }
  });
});
