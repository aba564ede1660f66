import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { ApiKey } from '../../src/api-keys/index.js';
import { startApp, type TestApp } from '../support/test-app.js';

// One app per file: nestjs-pino keeps one root logger per process (see logging.e2e-spec.ts).
describe('API keys in the logs: audit lines, never the key', () => {
  const lines: string[] = [];
  let t: TestApp;
  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  const events = (name: string) => records().filter((r) => r.event === name);
  const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

  beforeAll(async () => {
    t = await startApp({ LOG_LEVEL: 'info' }, undefined, {
      logDestination: { write: (chunk: string) => void lines.push(...chunk.split('\n').filter(Boolean)) },
    });
  });
  afterAll(() => t.close());

  it('writes an audit line per key event and no key, whole or in part, anywhere', async () => {
    const admin = await t.admin();
    const account = await t
      .http()
      .post('/users/service-accounts')
      .set('Authorization', admin.auth)
      .send({ name: 'logged-svc', roles: ['user'] });
    expect(account.status).toBe(201);
    const issued = await t
      .http()
      .post(`/users/${account.body.id as string}/api-keys`)
      .set('Authorization', admin.auth)
      .send({ name: 'k' });
    const { id, key, prefix } = issued.body as { id: string; key: string; prefix: string };
    const secretPart = key.slice(prefix.length + 1);

    expect((await t.http().get('/auth/me').set('X-API-Key', key)).status).toBe(200);
    expect((await t.http().post('/auth/logout').set('X-API-Key', key)).status).toBe(403);
    expect(
      (
        await t
          .http()
          .get('/auth/me')
          .set('X-API-Key', `${key.slice(0, -1)}${key.endsWith('A') ? 'E' : 'A'}`)
      ).status,
    ).toBe(401);
    // A careless log call that passes the key or the headers in.
    const logger = await t.app.resolve(PinoLogger);
    logger.info({ apiKey: key, req: { headers: { 'x-api-key': key } } }, 'careless call');

    const expiring = await t
      .http()
      .post(`/users/${account.body.id as string}/api-keys`)
      .set('Authorization', admin.auth)
      .send({ name: 'old' });
    const expired = expiring.body as { id: string; key: string };
    await t.app
      .get(DataSource)
      .getRepository(ApiKey)
      .update({ id: expired.id }, { expiresAt: new Date(Date.now() - 1000) });
    expect((await t.http().get('/auth/me').set('X-API-Key', expired.key)).status).toBe(401);
    expect((await t.http().delete(`/auth/api-keys/${id}`).set('X-API-Key', key)).status).toBe(204);
    await settle();

    const log = lines.join('\n');
    for (const secret of [key, secretPart, expired.key, expired.key.slice(12)]) expect(log).not.toContain(secret);
    expect(records().find((r) => r.msg === 'careless call')).toMatchObject({ apiKey: '[redacted]' });

    expect(events('service_account.created')).toEqual([expect.objectContaining({ actorId: admin.id, userId: account.body.id })]);
    expect(events('api_key.created').filter((e) => e.keyId === id)).toEqual([
      expect.objectContaining({ actorId: admin.id, userId: account.body.id, prefix, roles: ['user'] }),
    ]);
    expect(events('api_key.expired_use')).toEqual([expect.objectContaining({ keyId: expired.id, level: 40 })]);
    // The key revoked itself: the actor is its owner.
    expect(events('api_key.revoked')).toEqual([expect.objectContaining({ keyId: id, actorId: account.body.id })]);
  });
});
