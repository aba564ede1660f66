import { Secret, TOTP } from 'otpauth';
import { waitFor } from '../support/redis-server.js';
import { startCluster, type Cluster } from '../support/cluster.js';
import type { AppProcess } from '../support/app-process.js';
import { PASSWORD, uniqueEmail } from '../support/test-app.js';

describe('two instances on one PostgreSQL and one Redis', () => {
  let cluster: Cluster;
  let a: AppProcess;
  let b: AppProcess;
  beforeAll(async () => {
    cluster = await startCluster(2);
    [a, b] = cluster.instances;
  });
  afterAll(() => cluster.close());

  const verify = (app: AppProcess, auth: string) => app.http().get('/auth/verify').set('Authorization', auth);

  it('each instance reports PostgreSQL and Redis up', async () => {
    expect((await a.http().get('/health')).status).toBe(200);
    const health = await b.http().get('/health');
    expect(health.status).toBe(200);
    expect(health.body.info).toMatchObject({ database: { status: 'up' }, redis: { status: 'up' } });
  });

  it('a logout on one instance is refused by the other within 1 s', async () => {
    const u = await a.user();
    await expect(verify(b, u.auth)).resolves.toHaveProperty('status', 200);
    const logout = await a.http().post('/auth/logout').set('Authorization', u.auth);
    expect(logout.status).toBe(204);
    const elapsed = await waitFor(async () => (await verify(b, u.auth)).status === 401, 1000, 'revocation on the other instance');
    expect(elapsed).toBeLessThan(1000);
  });

  it('a role change by an admin on one instance stops the tokens used on the other', async () => {
    const u = await b.user();
    await expect(verify(a, u.auth)).resolves.toHaveProperty('status', 200);
    const admin = await b.admin();
    const patch = await b
      .http()
      .patch(`/users/${u.id}/roles`)
      .set('Authorization', admin.auth)
      .send({ roles: ['editor'] });
    expect(patch.status).toBe(200);
    await waitFor(async () => (await verify(a, u.auth)).status === 401, 1000, 'role-change revocation on the other instance');
  });

  it('GET /auth/me on the other instance shows a second factor turned on, not the profile it had cached', async () => {
    const u = await a.user();
    const me = (app: AppProcess) => app.http().get('/auth/me').set('Authorization', u.auth);
    expect((await me(b)).body.mfaEnabled).toBe(false);
    expect((await me(b)).body.mfaEnabled).toBe(false); // now answered from b's cache
    const setup = await a.http().post('/auth/mfa/totp/setup').set('Authorization', u.auth).send({ currentPassword: PASSWORD });
    const code = new TOTP({ secret: Secret.fromBase32(setup.body.secret), digits: 6, period: 30 }).generate();
    // The session that turned it on stays; its profile must say so on every instance.
    expect((await a.http().post('/auth/mfa/totp/confirm').set('Authorization', u.auth).send({ code })).status).toBe(200);
    await waitFor(async () => (await me(b)).body.mfaEnabled === true, 1000, "b's profile showing the second factor");
  });

  it('concurrent refreshes of one token over two instances: at most one succeeds, and the reuse kills the session', async () => {
    for (let round = 0; round < 5; round++) {
      const u = await a.user();
      const [ra, rb] = await Promise.all([
        a.http().post('/auth/refresh').send({ refreshToken: u.refreshToken }),
        b.http().post('/auth/refresh').send({ refreshToken: u.refreshToken }),
      ]);
      const statuses = [ra.status, rb.status].sort();
      // The loser revokes the session; a winner that had not yet signed then gets no token either.
      expect([
        [200, 401],
        [401, 401],
      ]).toContainEqual(statuses);
      for (const winner of [ra, rb].filter((r) => r.status === 200)) {
        await waitFor(async () => (await verify(b, `Bearer ${winner.body.accessToken}`)).status === 401, 1000, 'winner revoked');
        expect((await a.http().post('/auth/refresh').send({ refreshToken: winner.body.refreshToken })).status).toBe(401);
      }
    }
  });

  it('concurrent registrations of one email over two instances: one 201, the rest 409', async () => {
    for (let round = 0; round < 3; round++) {
      const email = uniqueEmail('race');
      const responses = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          (i % 2 ? a : b)
            .http()
            .post('/auth/register')
            .send({ email: i < 3 ? email : email.toUpperCase(), password: PASSWORD }),
        ),
      );
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses).toEqual([201, 409, 409, 409, 409, 409]);
    }
  });

  it('two admins demoting each other at once over two instances still leave an enabled admin', async () => {
    const root = await a.admin();
    for (let round = 0; round < 5; round++) {
      const x = await a.user();
      const y = await b.user();
      for (const u of [x, y]) {
        const promote = await a
          .http()
          .patch(`/users/${u.id}/roles`)
          .set('Authorization', root.auth)
          .send({ roles: ['admin'] });
        expect(promote.status).toBe(200);
      }
      const bootstrapAdmin = (await a.http().get(`/users/${root.id}`).set('Authorization', root.auth)).body;
      expect(bootstrapAdmin.roles).toContain('admin');
      // Leave exactly two enabled admins (x and y): the bootstrap admin steps down through x.
      const xTokens = await a.http().post('/auth/login').send({ email: x.email, password: PASSWORD });
      const yTokens = await b.http().post('/auth/login').send({ email: y.email, password: PASSWORD });
      const xAuth = `Bearer ${xTokens.body.accessToken}`;
      const yAuth = `Bearer ${yTokens.body.accessToken}`;
      const demoteRoot = await a
        .http()
        .patch(`/users/${root.id}/roles`)
        .set('Authorization', xAuth)
        .send({ roles: ['user'] });
      expect(demoteRoot.status).toBe(200);

      const [byX, byY] = await Promise.all([
        a
          .http()
          .patch(`/users/${y.id}/roles`)
          .set('Authorization', xAuth)
          .send({ roles: ['user'] }),
        b
          .http()
          .patch(`/users/${x.id}/roles`)
          .set('Authorization', yAuth)
          .send({ roles: ['user'] }),
      ]);
      const statuses = [byX.status, byY.status].sort();
      expect(statuses[0]).toBe(200);
      // The loser is refused as the last admin, or already had its tokens revoked by the winner.
      expect([401, 409]).toContain(statuses[1]);
      const winner = byX.status === 200 ? { auth: xAuth, app: a } : { auth: yAuth, app: b };
      const list = await winner.app.http().get('/users?limit=100').set('Authorization', winner.auth);
      expect(list.status).toBe(200);
      const admins = (list.body.items as { roles: string[]; disabled: boolean }[]).filter((u) => u.roles.includes('admin') && !u.disabled);
      expect(admins).toHaveLength(1);

      // Hand the admin role back to the bootstrap admin alone for the next round.
      const restore = await winner.app
        .http()
        .patch(`/users/${root.id}/roles`)
        .set('Authorization', winner.auth)
        .send({ roles: ['admin'] });
      expect(restore.status).toBe(200);
      Object.assign(root, await a.admin());
      const winnerId = byX.status === 200 ? x.id : y.id;
      const stepDown = await a
        .http()
        .patch(`/users/${winnerId}/roles`)
        .set('Authorization', root.auth)
        .send({ roles: ['user'] });
      expect(stepDown.status).toBe(200);
    }
  });

  it('an instance stopped with SIGTERM exits promptly and cleanly while the other keeps serving', async () => {
    const u = await a.user();
    const started = Date.now();
    await b.stop('SIGTERM');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(b.exited).toBe(true);
    expect(b.log).not.toMatch(/error/i);
    expect((await verify(a, u.auth)).status).toBe(200);
    // In steady state the revocation store never lost Redis (no flapping heartbeat, no failed resync).
    expect(a.log).toMatch(/revocations in sync with Redis/);
    expect(a.log).not.toMatch(/lost|stopped answering|failed/);
  });
});
