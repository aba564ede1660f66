import { rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { userWithRole } from './support/accounts.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, PASSWORD, startApp, uniqueEmail, type TestApp } from './support/test-app.js';

const USER_KEYS = ['createdAt', 'disabled', 'displayName', 'email', 'emailVerified', 'id', 'kind', 'mfaEnabled', 'roles'];

describe('admin user management', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<TestApp['admin']>>;
  beforeAll(async () => {
    t = await startApp();
    admin = await t.admin();
  });
  afterAll(() => t.close());

  describe('GET /users', () => {
    it('pages through every user, oldest first, without hashes', async () => {
      for (let i = 0; i < 3; i++) await t.user(uniqueEmail('page'));
      const all = await t.http().get('/users?limit=100').set('Authorization', admin.auth);
      expect(all.status).toBe(200);
      const total = all.body.total as number;
      expect(total).toBeGreaterThanOrEqual(4);
      expect(all.body.items).toHaveLength(total);
      expect(all.body.items[0].email).toBe(ADMIN_EMAIL);
      for (const item of all.body.items) expect(Object.keys(item).sort()).toEqual(USER_KEYS);

      const first = await t.http().get('/users?page=1&limit=2').set('Authorization', admin.auth);
      expect(first.body).toMatchObject({ total, page: 1, limit: 2 });
      expect(first.body.items).toHaveLength(2);
      const second = await t.http().get('/users?page=2&limit=2').set('Authorization', admin.auth);
      expect(second.body).toMatchObject({ total, page: 2, limit: 2 });
      const ids = [...first.body.items, ...second.body.items].map((u: { id: string }) => u.id);
      expect(ids).toEqual(all.body.items.slice(0, ids.length).map((u: { id: string }) => u.id));
      const beyond = await t.http().get('/users?page=1000&limit=100').set('Authorization', admin.auth);
      expect(beyond.status).toBe(200);
      expect(beyond.body.items).toEqual([]);
    });

    it('defaults to page 1 and limit 20', async () => {
      const res = await t.http().get('/users').set('Authorization', admin.auth);
      expect(res.body).toMatchObject({ page: 1, limit: 20 });
    });

    it.each(['page=0', 'limit=101', 'page=abc', 'limit=0', 'limit=-1', 'limit=1.5', 'page=1&page=2', 'sort=email'])(
      'answers 400 for ?%s',
      async (query) => {
        const res = await t.http().get(`/users?${query}`).set('Authorization', admin.auth);
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      },
    );
  });

  describe('GET /users/:id', () => {
    it('answers the user, 404 for an unknown id and 400 for a malformed one', async () => {
      const u = await t.user();
      const res = await t.http().get(`/users/${u.id}`).set('Authorization', admin.auth);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(USER_KEYS);
      expect(res.body).toMatchObject({ id: u.id, email: u.email, roles: ['user'] });
      const missing = await t.http().get(`/users/${randomUUID()}`).set('Authorization', admin.auth);
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('USER_NOT_FOUND');
      await t.http().get('/users/not-a-uuid').set('Authorization', admin.auth).expect(400);
      await t.http().get('/users/1').set('Authorization', admin.auth).expect(400);
    });
  });

  describe('PATCH /users/:id/roles', () => {
    it('replaces the roles; the user holds them after logging in again', async () => {
      const u = await t.user();
      const res = await t
        .http()
        .patch(`/users/${u.id}/roles`)
        .set('Authorization', admin.auth)
        .send({ roles: ['editor'] });
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(USER_KEYS);
      expect(res.body.roles).toEqual(['editor']);
      const again = await t.login(u.email, PASSWORD);
      const verify = await t.http().get('/auth/verify?role=editor').set('Authorization', again.auth);
      expect(verify.status).toBe(200);
    });

    it.each([
      ['an unknown role', { roles: ['root'] }],
      ['an empty array', { roles: [] }],
      ['a string instead of an array', { roles: 'admin' }],
      ['a repeated role', { roles: ['user', 'user'] }],
      ['no roles at all', {}],
      ['an extra field', { roles: ['user'], disabled: true }],
    ])('answers 400 for %s and changes nothing', async (_case, body) => {
      const u = await t.user();
      const res = await t.http().patch(`/users/${u.id}/roles`).set('Authorization', admin.auth).send(body);
      expect(res.status).toBe(400);
      const after = await t.http().get(`/users/${u.id}`).set('Authorization', admin.auth);
      expect(after.body.roles).toEqual(['user']);
      expect(after.body.disabled).toBe(false);
    });

    it('answers 404 for an unknown user and 400 for a malformed id', async () => {
      await t
        .http()
        .patch(`/users/${randomUUID()}/roles`)
        .set('Authorization', admin.auth)
        .send({ roles: ['user'] })
        .expect(404);
      await t
        .http()
        .patch('/users/xyz/roles')
        .set('Authorization', admin.auth)
        .send({ roles: ['user'] })
        .expect(400);
    });
  });

  describe('PATCH /users/:id/status', () => {
    it('disables and re-enables an account', async () => {
      const u = await t.user();
      const off = await t.http().patch(`/users/${u.id}/status`).set('Authorization', admin.auth).send({ disabled: true });
      expect(off.status).toBe(200);
      expect(off.body).toMatchObject({ id: u.id, disabled: true });
      await t.http().post('/auth/login').send({ email: u.email, password: PASSWORD }).expect(403);
      const on = await t.http().patch(`/users/${u.id}/status`).set('Authorization', admin.auth).send({ disabled: false });
      expect(on.body.disabled).toBe(false);
      await t.http().post('/auth/login').send({ email: u.email, password: PASSWORD }).expect(200);
    });

    it.each([[{ disabled: 'true' }], [{ disabled: 1 }], [{}]])('answers 400 for %j', async (body) => {
      const u = await t.user();
      await t.http().patch(`/users/${u.id}/status`).set('Authorization', admin.auth).send(body).expect(400);
    });

    it('answers 404 for an unknown user', async () => {
      await t.http().patch(`/users/${randomUUID()}/status`).set('Authorization', admin.auth).send({ disabled: true }).expect(404);
    });
  });

  describe('DELETE /users/:id', () => {
    it('deletes the account: 204, then 404, and its email can register again', async () => {
      const u = await t.user();
      await t.http().delete(`/users/${u.id}`).set('Authorization', admin.auth).expect(204);
      await t.http().get(`/users/${u.id}`).set('Authorization', admin.auth).expect(404);
      await t.http().delete(`/users/${u.id}`).set('Authorization', admin.auth).expect(404);
      await t.http().post('/auth/login').send({ email: u.email, password: PASSWORD }).expect(401);
      await t.http().post('/auth/register').send({ email: u.email, password: PASSWORD }).expect(201);
    });

    it('deletes a user who wrote articles', async () => {
      const u = await t.user();
      await t.http().post('/articles').set('Authorization', u.auth).send({ title: 't', body: 'b' }).expect(201);
      await t.http().delete(`/users/${u.id}`).set('Authorization', admin.auth).expect(204);
    });
  });

  describe('access', () => {
    const routes = (id: string) =>
      [
        ['get', '/users', undefined],
        ['get', `/users/${id}`, undefined],
        ['patch', `/users/${id}/roles`, { roles: ['admin'] }],
        ['patch', `/users/${id}/status`, { disabled: true }],
        ['delete', `/users/${id}`, undefined],
      ] as const;

    it.each(['user', 'editor'] as const)('answers 403 to a plain %s on every admin route, changing nothing', async (role) => {
      const caller = await userWithRole(t, role);
      const victim = await t.user();
      for (const [method, path, body] of routes(victim.id)) {
        const res = await t.http()[method](path).set('Authorization', caller.auth).send(body);
        expect(res.status, `${method} ${path}`).toBe(403);
        expect(res.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
      }
      const self = await t
        .http()
        .patch(`/users/${caller.id}/roles`)
        .set('Authorization', caller.auth)
        .send({ roles: ['admin'] });
      expect(self.status).toBe(403);
      const after = await t.http().get(`/users/${victim.id}`).set('Authorization', admin.auth);
      expect(after.body).toMatchObject({ roles: ['user'], disabled: false });
    });

    it('answers 401 without a token on every admin route', async () => {
      for (const [method, path, body] of routes(randomUUID())) {
        const res = await t.http()[method](path).send(body);
        expect(res.status, `${method} ${path}`).toBe(401);
        expect(res.headers['www-authenticate']).toBe('Bearer realm="gatehouse"');
      }
    });
  });
});

describe('the last admin', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<TestApp['admin']>>;
  beforeAll(async () => {
    t = await startApp();
    admin = await t.admin();
  });
  afterAll(() => t.close());

  it('cannot lose the admin role, be disabled or be deleted (409), and stays an admin', async () => {
    const roles = await t
      .http()
      .patch(`/users/${admin.id}/roles`)
      .set('Authorization', admin.auth)
      .send({ roles: ['editor'] });
    expect(roles.status).toBe(409);
    expect(roles.body).toMatchObject({ statusCode: 409, error: 'Conflict', code: 'USER_LAST_ADMIN' });
    const status = await t.http().patch(`/users/${admin.id}/status`).set('Authorization', admin.auth).send({ disabled: true });
    expect(status.status).toBe(409);
    const removed = await t.http().delete(`/users/${admin.id}`).set('Authorization', admin.auth);
    expect(removed.status).toBe(409);
    const me = await t.http().get('/auth/me').set('Authorization', admin.auth);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ roles: ['admin'], disabled: false });
  });

  it('may keep the admin role among others', async () => {
    const res = await t
      .http()
      .patch(`/users/${admin.id}/roles`)
      .set('Authorization', admin.auth)
      .send({ roles: ['editor', 'admin'] });
    expect(res.status).toBe(200);
    admin = await t.admin();
  });

  it('counts a disabled admin as no admin', async () => {
    const second = await userWithRole(t, 'admin', 'second-admin');
    await t.http().patch(`/users/${second.id}/status`).set('Authorization', admin.auth).send({ disabled: true }).expect(200);
    await t.http().delete(`/users/${admin.id}`).set('Authorization', admin.auth).expect(409);
    await t.http().patch(`/users/${second.id}/status`).set('Authorization', admin.auth).send({ disabled: false }).expect(200);
  });

  it('can step down once another enabled admin exists', async () => {
    const second = await userWithRole(t, 'admin', 'heir');
    const res = await t
      .http()
      .patch(`/users/${admin.id}/roles`)
      .set('Authorization', second.auth)
      .send({ roles: ['user'] });
    expect(res.status).toBe(200);
    expect(res.body.roles).toEqual(['user']);
    // Remove every other enabled admin (one from the test above is still there): the heir is then the last one.
    const list = await t.http().get('/users?limit=100').set('Authorization', second.auth);
    const admins = list.body.items.filter((u: { roles: string[]; disabled: boolean }) => u.roles.includes('admin') && !u.disabled);
    for (const other of admins.filter((u: { id: string }) => u.id !== second.id)) {
      await t.http().delete(`/users/${other.id}`).set('Authorization', second.auth).expect(204);
    }
    await t.http().delete(`/users/${second.id}`).set('Authorization', second.auth).expect(409);
  });
});

describe('ADMIN_EMAIL / ADMIN_PASSWORD bootstrap', () => {
  it('creates the admin once; later starts keep its password and change nothing', async () => {
    const first = await startApp();
    const dir = first.dir;
    let adminId: string;
    try {
      adminId = (await first.admin()).id;
    } finally {
      await first.close({ keepFiles: true });
    }

    // A second start with a different ADMIN_PASSWORD: same account, still admin, password unchanged.
    // (Squatted, demoted and disabled bootstrap accounts: test/security/admin-bootstrap.e2e-spec.ts.)
    const second = await startApp({ ADMIN_PASSWORD: 'another password 456' }, dir);
    try {
      const admin = await second.admin();
      expect(admin.id).toBe(adminId!);
      const me = await second.http().get('/auth/me').set('Authorization', admin.auth);
      expect(me.body).toMatchObject({ email: ADMIN_EMAIL, disabled: false });
      expect(me.body.roles).toContain('admin');
      await second.http().post('/auth/login').send({ email: ADMIN_EMAIL, password: 'another password 456' }).expect(401);
      const list = await second.http().get('/users?limit=100').set('Authorization', admin.auth);
      expect(list.body.items.filter((u: { email: string }) => u.email === ADMIN_EMAIL)).toHaveLength(1);
      expect(list.body.total).toBe(1);
    } finally {
      await second.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('creates no account when only one of the two is set', async () => {
    const t = await startApp({ ADMIN_PASSWORD: '' });
    try {
      const res = await t.http().post('/auth/login').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
      expect(res.status).toBe(401);
    } finally {
      await t.close();
    }
  });
});
