import type { AppProcess } from '../support/app-process.js';
import { startCluster, type Cluster } from '../support/cluster.js';
import { waitFor } from '../support/redis-server.js';

// Issue 16: a key is remembered in each instance's memory (no database query per request); a revocation, a
// demotion or a disable on one instance must reach the other through Redis within a second.
describe('API keys on two instances (one PostgreSQL, one Redis)', () => {
  let cluster: Cluster;
  let a: AppProcess;
  let b: AppProcess;
  beforeAll(async () => {
    cluster = await startCluster(2);
    [a, b] = cluster.instances;
  });
  afterAll(() => cluster.close());

  const verify = (app: AppProcess, key: string, role = '') => app.http().get(`/auth/verify${role}`).set('X-API-Key', key);
  const createKey = async (app: AppProcess, auth: string, body: Record<string, unknown>) => {
    const res = await app.http().post('/auth/api-keys').set('Authorization', auth).send(body);
    if (res.status !== 201) throw new Error(`key creation failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; key: string };
  };

  it('a key revoked on one instance is refused by the other within 1 s', async () => {
    const u = await a.user();
    const { id, key } = await createKey(a, u.auth, { name: 'cluster' });
    // Both instances now remember the key.
    expect((await verify(a, key)).status).toBe(200);
    expect((await verify(b, key)).status).toBe(200);
    expect((await a.http().delete(`/auth/api-keys/${id}`).set('Authorization', u.auth)).status).toBe(204);
    const elapsed = await waitFor(async () => (await verify(b, key)).status === 401, 1000, 'key revocation on the other instance');
    expect(elapsed).toBeLessThan(1000);
  });

  it("an owner demoted or disabled on one instance loses the key's rights on the other within 1 s", async () => {
    const admin = await a.admin();
    const account = (
      await a
        .http()
        .post('/users/service-accounts')
        .set('Authorization', admin.auth)
        .send({ name: 'svc', roles: ['editor'] })
    ).body as { id: string };
    const issued = await a
      .http()
      .post(`/users/${account.id}/api-keys`)
      .set('Authorization', admin.auth)
      .send({ name: 'k', roles: ['editor', 'user'] });
    const key = issued.body.key as string;
    expect((await verify(b, key, '?role=editor')).status).toBe(200);

    await a
      .http()
      .patch(`/users/${account.id}/roles`)
      .set('Authorization', admin.auth)
      .send({ roles: ['user'] })
      .expect(200);
    await waitFor(async () => (await verify(b, key, '?role=editor')).status === 403, 1000, 'demotion on the other instance');
    expect((await verify(b, key)).headers['x-auth-roles']).toBe('user');

    await a.http().patch(`/users/${account.id}/status`).set('Authorization', admin.auth).send({ disabled: true }).expect(200);
    await waitFor(async () => (await verify(b, key)).status === 401, 1000, 'disable on the other instance');
  });
});
