import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ApiKey } from '../src/api-keys/index.js';
import { runCli } from '../src/cli/index.js';
import { userWithRole } from './support/accounts.js';
import { INVALID_TOKEN_CHALLENGE } from './support/forge.js';
import { PASSWORD, startApp, uniqueEmail, type Account, type TestApp } from './support/test-app.js';

const KEY_SHAPE = /^gh_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/;
const LISTED_KEYS = ['createdAt', 'expiresAt', 'id', 'lastUsedAt', 'name', 'prefix', 'roles'];

interface CreatedKey {
  id: string;
  key: string;
  prefix: string;
  roles: string[];
  expiresAt: string | null;
}

describe('API keys and service accounts', () => {
  let t: TestApp;
  let admin: Account;
  beforeAll(async () => {
    t = await startApp();
    admin = await t.admin();
  });
  afterAll(() => t.close());

  const createKey = async (owner: Account, body: Record<string, unknown> = { name: 'ci' }): Promise<CreatedKey> => {
    const res = await t.http().post('/auth/api-keys').set('Authorization', owner.auth).send(body);
    if (res.status !== 201) throw new Error(`key creation failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as CreatedKey;
  };
  const me = (key: string) => t.http().get('/auth/me').set('X-API-Key', key);
  const verify = (key: string, query = '') => t.http().get(`/auth/verify${query}`).set('X-API-Key', key);
  /** The answer to a bad bearer token, for comparison: a refused key must be indistinguishable from it. */
  const badTokenAnswer = async () => {
    const res = await t.http().get('/auth/me').set('Authorization', 'Bearer not-a-token');
    return { status: res.status, body: res.body, challenge: res.headers['www-authenticate'] };
  };
  const expectRefusedKey = async (key: string) => {
    const res = await me(key);
    expect({ status: res.status, body: res.body, challenge: res.headers['www-authenticate'] }).toEqual(await badTokenAnswer());
    expect(res.headers['www-authenticate']).toBe(INVALID_TOKEN_CHALLENGE);
  };

  it('creates a key shown once, uses it on a guarded route, lists it without the key, and revokes it at once', async () => {
    const owner = await t.user();
    const created = await t.http().post('/auth/api-keys').set('Authorization', owner.auth).send({ name: 'nightly export' });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body).sort()).toEqual(['createdAt', 'expiresAt', 'id', 'key', 'name', 'prefix', 'roles']);
    const key = created.body as CreatedKey;
    expect(key.key).toMatch(KEY_SHAPE);
    expect(key.key.startsWith(`${key.prefix}_`)).toBe(true);
    expect(key).toMatchObject({ roles: ['user'], expiresAt: null });

    const res = await me(key.key);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: owner.id, email: owner.email, kind: 'person' });

    const list = await t.http().get('/auth/api-keys').set('Authorization', owner.auth);
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(1);
    expect(Object.keys(list.body[0]).sort()).toEqual(LISTED_KEYS);
    expect(JSON.stringify(list.body)).not.toContain(key.key.slice(12));
    // A key may list its owner's keys (reading is not changing credentials).
    expect((await t.http().get('/auth/api-keys').set('X-API-Key', key.key)).status).toBe(200);

    expect((await t.http().delete(`/auth/api-keys/${key.id}`).set('Authorization', owner.auth)).status).toBe(204);
    await expectRefusedKey(key.key);
    expect((await t.http().get('/auth/api-keys').set('Authorization', owner.auth)).body).toEqual([]);
    expect((await t.http().delete(`/auth/api-keys/${key.id}`).set('Authorization', owner.auth)).status).toBe(404);
  });

  it('refuses unknown and malformed keys with exactly the answer to a bad token', async () => {
    const unknown = `gh_${randomBytes(4).toString('hex')}_${randomBytes(32).toString('base64url')}`;
    for (const key of [unknown, 'gh_short', 'not a key at all', `${unknown}x`, unknown.toUpperCase()]) await expectRefusedKey(key);
    // A key beside a bearer token is ambiguous: refused, even when both are good.
    const owner = await t.user();
    const { key } = await createKey(owner);
    const both = await t.http().get('/auth/me').set('X-API-Key', key).set('Authorization', owner.auth);
    expect(both.status).toBe(401);
    expect(both.body.code).toBe('AUTH_TOKEN_INVALID');
  });

  it("answers 404 for another user's key and 400 for a malformed id", async () => {
    const owner = await t.user();
    const other = await t.user();
    const { id, key } = await createKey(owner);
    expect((await t.http().delete(`/auth/api-keys/${id}`).set('Authorization', other.auth)).body.code).toBe('API_KEY_NOT_FOUND');
    expect((await t.http().delete('/auth/api-keys/nope').set('Authorization', owner.auth)).status).toBe(400);
    expect((await me(key)).status).toBe(200);
  });

  it('validates the body: name, known roles, expiry of 1 to 365 days, no unknown fields', async () => {
    const owner = await t.user();
    for (const body of [
      {},
      { name: '' },
      { name: 'x'.repeat(101) },
      { name: 'k', roles: ['root'] },
      { name: 'k', roles: [] },
      { name: 'k', expiresInDays: 0 },
      { name: 'k', expiresInDays: 366 },
      { name: 'k', expiresInDays: 1.5 },
      { name: 'k', key: 'gh_mine' },
    ]) {
      const res = await t.http().post('/auth/api-keys').set('Authorization', owner.auth).send(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    const dated = await createKey(owner, { name: 'k', expiresInDays: 365 });
    const days = (Date.parse(dated.expiresAt!) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(364.9);
    expect(days).toBeLessThanOrEqual(365);
  });

  it('gives a key only roles its owner holds, and never more than the owner holds now', async () => {
    const editor = await userWithRole(t, 'editor', 'key-editor');
    const asked = await t
      .http()
      .post('/auth/api-keys')
      .set('Authorization', editor.auth)
      .send({ name: 'k', roles: ['admin'] });
    expect(asked.status).toBe(400);
    expect(asked.body.code).toBe('API_KEY_ROLE_NOT_HELD');

    const both = await createKey(editor, { name: 'both', roles: ['editor', 'user'] });
    const editorOnly = await createKey(editor, { name: 'editor', roles: ['editor'] });
    const userOnly = await createKey(editor, { name: 'user', roles: ['user'] });
    const article = await t.http().post('/articles').set('X-API-Key', userOnly.key).send({ title: 't', body: 'b' });
    expect(article.status).toBe(201);
    expect(article.body.authorId).toBe(editor.id);
    const publish = (key: string) =>
      t
        .http()
        .post(`/articles/${article.body.id as string}/publish`)
        .set('X-API-Key', key);
    expect((await publish(userOnly.key)).status).toBe(403);
    expect((await verify(both.key)).headers['x-auth-roles']).toBe('editor,user');

    const demote = await t
      .http()
      .patch(`/users/${editor.id}/roles`)
      .set('Authorization', admin.auth)
      .send({ roles: ['user'] });
    expect(demote.status).toBe(200);
    // At once: the editor role is gone from every key; a key that held only it has nothing left.
    expect((await publish(both.key)).body.code).toBe('AUTH_FORBIDDEN');
    expect((await verify(both.key)).headers['x-auth-roles']).toBe('user');
    await expectRefusedKey(editorOnly.key);
    expect((await me(userOnly.key)).status).toBe(200);

    await t
      .http()
      .patch(`/users/${editor.id}/roles`)
      .set('Authorization', admin.auth)
      .send({ roles: ['editor'] })
      .expect(200);
    expect((await publish(editorOnly.key)).status).toBe(200);
  });

  it('lets an admin key pass editor routes (the hierarchy) and a key for an editor role made by an admin', async () => {
    const key = await createKey(admin, { name: 'publisher', roles: ['editor'] });
    expect(key.roles).toEqual(['editor']);
    const res = await verify(key.key, '?role=editor');
    expect(res.status).toBe(200);
    expect((await verify(key.key, '?role=admin')).status).toBe(403);
    expect((await t.http().get('/users').set('X-API-Key', key.key)).status).toBe(403);
  });

  it('refuses keys on the routes that change credentials (403), while a token still works there', async () => {
    const owner = await t.user();
    const { key } = await createKey(owner);
    const refusals = [
      t.http().post('/auth/api-keys').set('X-API-Key', key).send({ name: 'child' }),
      t.http().post('/auth/password').set('X-API-Key', key).send({ currentPassword: PASSWORD, newPassword: 'another password 1' }),
      t.http().post('/auth/logout').set('X-API-Key', key),
      t.http().post('/auth/logout-all').set('X-API-Key', key),
      t.http().get('/auth/sessions').set('X-API-Key', key),
      t.http().delete(`/auth/sessions/${owner.id}`).set('X-API-Key', key),
    ];
    for (const res of await Promise.all(refusals)) {
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ statusCode: 403, code: 'AUTH_API_KEY_NOT_ALLOWED' });
    }
    expect((await t.http().get('/auth/sessions').set('Authorization', owner.auth)).status).toBe(200);
    // None of them did anything: the owner's password and session are unchanged.
    await t.login(owner.email);
  });

  it('forward-auth: GET /auth/verify accepts a key and sets the proxy headers, refuses it once revoked', async () => {
    const owner = await t.user();
    const created = await createKey(owner, { name: 'proxy', expiresInDays: 30 });
    const res = await verify(created.key, '?role=user');
    expect(res.status).toBe(200);
    expect(res.headers['x-auth-user-id']).toBe(owner.id);
    expect(res.headers['x-auth-roles']).toBe('user');
    expect(res.body).toEqual({ sub: owner.id, roles: ['user'], sid: created.id, exp: Math.floor(Date.parse(created.expiresAt!) / 1000) });
    expect((await verify(created.key, '?role=editor')).status).toBe(403);
    const head = await t.http().head('/auth/verify').set('X-API-Key', created.key);
    expect(head.status).toBe(200);

    await t.http().delete(`/auth/api-keys/${created.id}`).set('Authorization', owner.auth).expect(204);
    const refused = await verify(created.key);
    expect(refused.status).toBe(401);
    expect(refused.headers['x-auth-user-id']).toBeUndefined();
  });

  it('refuses an expired key with the bad-token answer', async () => {
    const owner = await t.user();
    const other = await createKey(owner, { name: 'fresh-expired', expiresInDays: 1 });
    // Moved into the past in the database, before any use: the expiry read with the key is checked on every request.
    await t.app
      .get(DataSource)
      .getRepository(ApiKey)
      .update({ id: other.id }, { expiresAt: new Date(Date.now() - 1000) });
    await expectRefusedKey(other.key);
    // Still listed (so its owner sees why it fails), with its expiry.
    const list = await t.http().get('/auth/api-keys').set('Authorization', owner.auth);
    expect(list.body.map((k: { id: string }) => k.id)).toContain(other.id);
  });

  it('stops a key at once when its owner is disabled or deleted, and again accepts it after enabling', async () => {
    const owner = await t.user();
    const { key } = await createKey(owner);
    expect((await me(key)).status).toBe(200);
    await t.http().patch(`/users/${owner.id}/status`).set('Authorization', admin.auth).send({ disabled: true }).expect(200);
    await expectRefusedKey(key);
    await t.http().patch(`/users/${owner.id}/status`).set('Authorization', admin.auth).send({ disabled: false }).expect(200);
    expect((await me(key)).status).toBe(200);
    await t.http().delete(`/users/${owner.id}`).set('Authorization', admin.auth).expect(204);
    await expectRefusedKey(key);
  });

  it('records lastUsedAt after use, off the request path', async () => {
    const owner = await t.user();
    const created = await createKey(owner);
    expect((await me(created.key)).status).toBe(200);
    let lastUsedAt: string | null = null;
    for (let i = 0; i < 50 && !lastUsedAt; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      lastUsedAt = (await t.http().get('/auth/api-keys').set('Authorization', owner.auth)).body[0].lastUsedAt as string | null;
    }
    expect(lastUsedAt).not.toBeNull();
    expect(Date.now() - Date.parse(lastUsedAt!)).toBeLessThan(10_000);
    // At most once a minute: another use now does not move it.
    expect((await me(created.key)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await t.http().get('/auth/api-keys').set('Authorization', owner.auth)).body[0].lastUsedAt).toBe(lastUsedAt);
  });

  describe('service accounts', () => {
    it('an admin creates one: kind "service", listed in GET /users, no password, cannot log in', async () => {
      const res = await t
        .http()
        .post('/users/service-accounts')
        .set('Authorization', admin.auth)
        .send({ name: 'billing-worker', roles: ['editor'] });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ kind: 'service', displayName: 'billing-worker', roles: ['editor'], disabled: false });
      expect(JSON.stringify(res.body)).not.toMatch(/password/i);
      const users = await t.http().get('/users?limit=100').set('Authorization', admin.auth);
      expect(users.body.items.find((u: { id: string }) => u.id === res.body.id)).toMatchObject({ kind: 'service' });

      // Login is refused like a wrong password, whatever is typed.
      for (const password of [PASSWORD, '', 'null']) {
        const login = await t
          .http()
          .post('/auth/login')
          .send({ email: res.body.email, password: password || 'x'.repeat(8) });
        expect(login.status).toBe(401);
        expect(login.body.code).toBe('AUTH_INVALID_CREDENTIALS');
      }
    });

    it('admins issue its keys; the key acts as the account with its roles; 409 for a person, 404 unknown', async () => {
      const account = (
        await t
          .http()
          .post('/users/service-accounts')
          .set('Authorization', admin.auth)
          .send({ name: 'publisher', roles: ['editor'] })
      ).body as { id: string };
      const issued = await t.http().post(`/users/${account.id}/api-keys`).set('Authorization', admin.auth).send({ name: 'prod' });
      expect(issued.status).toBe(201);
      expect(issued.body.roles).toEqual(['editor']);
      const res = await verify(issued.body.key as string, '?role=editor');
      expect(res.status).toBe(200);
      expect(res.headers['x-auth-user-id']).toBe(account.id);

      const person = await t.user();
      const conflict = await t.http().post(`/users/${person.id}/api-keys`).set('Authorization', admin.auth).send({ name: 'x' });
      expect(conflict.status).toBe(409);
      expect(conflict.body.code).toBe('USER_NOT_SERVICE_ACCOUNT');
      const missing = await t
        .http()
        .post('/users/00000000-0000-4000-8000-000000000000/api-keys')
        .set('Authorization', admin.auth)
        .send({ name: 'x' });
      expect(missing.status).toBe(404);
      const tooMuch = await t
        .http()
        .post(`/users/${account.id}/api-keys`)
        .set('Authorization', admin.auth)
        .send({ name: 'x', roles: ['admin'] });
      expect(tooMuch.status).toBe(400);
    });

    it('only admins with an access token create accounts or their keys', async () => {
      const user = await t.user();
      const adminKey = await createKey(admin, { name: 'admin-automation' });
      expect(
        (
          await t
            .http()
            .post('/users/service-accounts')
            .set('Authorization', user.auth)
            .send({ name: 'x', roles: ['user'] })
        ).status,
      ).toBe(403);
      const viaKey = await t
        .http()
        .post('/users/service-accounts')
        .set('X-API-Key', adminKey.key)
        .send({ name: 'x', roles: ['user'] });
      expect(viaKey.status).toBe(403);
      expect(viaKey.body.code).toBe('AUTH_API_KEY_NOT_ALLOWED');
      // The admin key still reads admin routes.
      expect((await t.http().get('/users').set('X-API-Key', adminKey.key)).status).toBe(200);
      for (const body of [
        { name: 'x' },
        { name: 'x', roles: ['root'] },
        { name: '', roles: ['user'] },
        { name: 'x', roles: ['user'], password: 'p' },
      ]) {
        expect((await t.http().post('/users/service-accounts').set('Authorization', admin.auth).send(body)).status).toBe(400);
      }
    });
  });

  describe('operator CLI', () => {
    const cli = async (argv: string[]) => {
      let out = '';
      let err = '';
      const code = await runCli(argv, t.config, { out: (l) => (out += `${l}\n`), err: (l) => (err += `${l}\n`), readStdin: async () => undefined });
      return { code, err, json: () => JSON.parse(out) as Record<string, unknown> };
    };

    it('create-service-account, create-api-key and revoke-api-key drive the same flows', async () => {
      const account = await cli(['create-service-account', '--name', 'cron', '--roles', 'user']);
      expect(account.code).toBe(0);
      const id = account.json().id as string;
      expect(account.json()).toMatchObject({ kind: 'service', roles: ['user'] });

      const created = await cli(['create-api-key', '--id', id, '--name', 'cron-key', '--expires-in-days', '7']);
      expect(created.code).toBe(0);
      const { key, id: keyId } = created.json() as { key: string; id: string };
      expect(key).toMatch(KEY_SHAPE);
      expect((await me(key)).body).toMatchObject({ id, kind: 'service' });

      expect((await cli(['revoke-api-key', '--key-id', keyId])).code).toBe(0);
      // The CLI's process wrote the revocation; the server learns it from the shared store within a second.
      let status = 200;
      for (let i = 0; i < 40 && status === 200; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        status = (await me(key)).status;
      }
      expect(status).toBe(401);
    });

    it('refuses bad input (exit 2) and a person or an unknown key (exit 1)', async () => {
      expect((await cli(['create-service-account', '--roles', 'user'])).code).toBe(2);
      expect((await cli(['create-service-account', '--name', 'x', '--roles', 'boss'])).code).toBe(2);
      expect((await cli(['create-api-key', '--id', 'nope', '--name', 'x'])).code).toBe(2);
      const person = await t.user(uniqueEmail('cli-person'));
      const refused = await cli(['create-api-key', '--id', person.id, '--name', 'x', '--expires-in-days', '400']);
      expect(refused.code).toBe(2);
      expect((await cli(['create-api-key', '--id', person.id, '--name', 'x'])).code).toBe(1);
      expect((await cli(['revoke-api-key', '--key-id', '00000000-0000-4000-8000-000000000000'])).code).toBe(1);
    });
  });
});

describe('API key failures are rate limited per IP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ AUTH_RATE_LIMIT: '3/1m' });
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After once an address has failed AUTH_RATE_LIMIT times', async () => {
    const bad = () => `gh_${randomBytes(4).toString('hex')}_${randomBytes(32).toString('base64url')}`;
    for (let i = 0; i < 3; i++) expect((await t.http().get('/auth/me').set('X-API-Key', bad())).status).toBe(401);
    const limited = await t.http().get('/auth/me').set('X-API-Key', bad());
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('AUTH_RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Malformed keys count too, and are refused before any lookup.
    expect((await t.http().get('/auth/me').set('X-API-Key', 'junk')).status).toBe(429);
  });
});
