import { PinoLogger } from 'nestjs-pino';
import { runCli } from '../../src/cli/index.js';
import { startApp, uniqueEmail, type TestApp } from '../support/test-app.js';

// One app per file on purpose: nestjs-pino keeps one root logger per process, so the first app's
// destination would win over a later one's.
describe('structured logs: request ids, auth events, redaction', () => {
  const lines: string[] = [];
  let t: TestApp;
  const PASSWORD = 'Sup3r-Secret-Passw0rd!';
  const NEW_PASSWORD = 'An0ther-Secret-Passw0rd!';
  // People type passwords into the email field; such an address must not reach the log either.
  const TYPO_EMAIL = `hunter2-typed-in-email-${Date.now()}@example.com`;
  const COOKIE_VALUE = 'cookie-secret-value-123';
  const secrets: string[] = [PASSWORD, NEW_PASSWORD, TYPO_EMAIL, COOKIE_VALUE];

  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  const events = (name: string) => records().filter((r) => r.event === name);
  // The completion line is written when the response finishes, a moment after the client has it.
  const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

  beforeAll(async () => {
    t = await startApp({ LOGIN_MAX_FAILURES: '2', LOG_LEVEL: 'info' }, undefined, {
      logDestination: { write: (chunk: string) => void lines.push(...chunk.split('\n').filter(Boolean)) },
    });
  });
  afterAll(() => t.close());

  it('writes JSON lines with a request id that is also returned as X-Request-Id', async () => {
    const res = await t.http().get('/health');
    expect(res.status).toBe(200);
    const id = res.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await settle();
    const line = records().find((r) => (r.req as { id?: string } | undefined)?.id === id);
    expect(line).toMatchObject({ level: 30, req: { method: 'GET', path: '/health' }, res: { statusCode: 200 } });
    expect(line).not.toHaveProperty('req.headers');
  });

  it('keeps a plain client-supplied request id and replaces one that could forge log structure', async () => {
    expect((await t.http().get('/health').set('X-Request-Id', 'proxy-abc.123')).headers['x-request-id']).toBe('proxy-abc.123');
    const forged = await t.http().get('/health').set('X-Request-Id', 'x", "level": 60, "y": "');
    expect(forged.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs auth events and never a password, token, cookie or Authorization value', async () => {
    const admin = await t.admin();
    const email = uniqueEmail('logged');
    expect((await t.http().post('/auth/register').send({ email, password: PASSWORD })).status).toBe(201);
    const login = await t.http().post('/auth/login').send({ email, password: PASSWORD });
    expect(login.status).toBe(200);
    const { accessToken, refreshToken } = login.body as { accessToken: string; refreshToken: string };
    secrets.push(accessToken, refreshToken, accessToken.split('.')[2], admin.accessToken, admin.refreshToken);
    const auth = `Bearer ${accessToken}`;

    const me = await t.http().get('/auth/me').set('Authorization', auth).set('Cookie', `session=${COOKIE_VALUE}`);
    expect(me.status).toBe(200);
    // A token in a query string (a careless client) is dropped with the query from the request line; /auth/verify
    // ignores query parameters other than `role` (proxies pass the client's), so the request itself succeeds.
    expect((await t.http().get(`/auth/verify?access_token=${accessToken}`).set('Authorization', auth)).status).toBe(200);

    // Failed logins up to the lock (LOGIN_MAX_FAILURES=2), for a known account and for an unknown email.
    const victim = await t.user();
    for (let i = 0; i < 2; i++) {
      expect((await t.http().post('/auth/login').send({ email: victim.email, password: PASSWORD })).status).toBe(401);
    }
    expect((await t.http().post('/auth/login').send({ email: victim.email, password: 'correct horse battery' })).status).toBe(429);
    expect((await t.http().post('/auth/login').send({ email: TYPO_EMAIL, password: PASSWORD })).status).toBe(401);

    // Refresh, then reuse the spent refresh token.
    const refreshed = await t.http().post('/auth/refresh').send({ refreshToken });
    expect(refreshed.status).toBe(200);
    secrets.push(refreshed.body.accessToken, refreshed.body.refreshToken);
    expect((await t.http().post('/auth/refresh').send({ refreshToken })).status).toBe(401);

    // Password change (both passwords in the body) and an admin role change.
    const fresh = await t.http().post('/auth/login').send({ email, password: PASSWORD });
    secrets.push(fresh.body.accessToken, fresh.body.refreshToken);
    const change = await t
      .http()
      .post('/auth/password')
      .set('Authorization', `Bearer ${fresh.body.accessToken}`)
      .send({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(change.status).toBe(204);
    const roles = await t
      .http()
      .patch(`/users/${victim.id}/roles`)
      .set('Authorization', admin.auth)
      .send({ roles: ['editor'] });
    expect(roles.status).toBe(200);
    await settle();

    const log = lines.join('\n');
    for (const secret of secrets) expect(log).not.toContain(secret);
    expect(log).not.toMatch(/Bearer /);
    expect(log).not.toContain('access_token=');

    const userId = me.body.id as string;
    expect(events('login.success').some((e) => e.userId === userId)).toBe(true);
    expect(events('login.failure').filter((e) => e.userId === victim.id)).toHaveLength(2);
    expect(events('login.failure').some((e) => e.knownAccount === false && e.userId === undefined)).toBe(true);
    expect(events('login.lockout')).toHaveLength(1);
    expect(events('login.lockout')[0]).toMatchObject({ level: 40, lockSeconds: 900 });
    expect(events('refresh.reuse')).toEqual([expect.objectContaining({ level: 40, userId })]);
    expect(events('admin.roles_changed')).toEqual([expect.objectContaining({ actorId: admin.id, userId: victim.id, roles: ['editor'] })]);
    // Auth event lines carry the id of the request they belong to.
    for (const e of events('login.failure')) expect(e.reqId).toEqual(expect.any(String));
  });

  it('leaves the same audit line for a change whatever path made it: HTTP API, operator CLI, deletion', async () => {
    const admin = await t.admin();
    const viaCli = await t.user();
    const quiet = { out: () => undefined, err: () => undefined, readStdin: async () => undefined };
    // The CLI boots its own application context in this process; nestjs-pino's root logger (this file's) takes its lines.
    expect(await runCli(['set-roles', '--id', viaCli.id, '--roles', 'editor'], t.config, quiet)).toBe(0);
    expect(await runCli(['disable', '--id', viaCli.id], t.config, quiet)).toBe(0);
    const deleted = await t.user();
    expect((await t.http().delete(`/users/${deleted.id}`).set('Authorization', admin.auth)).status).toBe(204);
    await settle();

    expect(events('admin.roles_changed').filter((e) => e.userId === viaCli.id)).toEqual([
      expect.objectContaining({ actorId: 'operator-cli', roles: ['editor'] }),
    ]);
    expect(events('admin.status_changed').filter((e) => e.userId === viaCli.id)).toEqual([
      expect.objectContaining({ actorId: 'operator-cli', disabled: true }),
    ]);
    expect(events('admin.user_deleted').filter((e) => e.userId === deleted.id)).toEqual([expect.objectContaining({ actorId: admin.id })]);
    // The deletion's line belongs to its request.
    expect(events('admin.user_deleted').find((e) => e.userId === deleted.id)?.reqId).toEqual(expect.any(String));
  });

  it('redacts secret fields even when a log call passes them in', async () => {
    const logger = await t.app.resolve(PinoLogger);
    logger.info({ password: PASSWORD, body: { refreshToken: 'rt-secret-xyz', newPassword: NEW_PASSWORD } }, 'careless call');
    const line = records().find((r) => r.msg === 'careless call');
    expect(line).toBeDefined();
    expect(JSON.stringify(line)).not.toContain(PASSWORD);
    expect(JSON.stringify(line)).not.toContain('rt-secret-xyz');
    expect(JSON.stringify(line)).toContain('[redacted]');
  });
});
