import { readFileSync } from 'node:fs';
import { Secret, TOTP } from 'otpauth';
import { DataSource } from 'typeorm';
import { ApiKey } from '../src/api-keys/index.js';
import { AuditBatchAppender, AuditRetentionService } from '../src/audit/index.js';
import { runCli } from '../src/cli/index.js';
import { linkToken, type SmtpInbox, startSmtpInbox } from './support/smtp-inbox.js';
import { PASSWORD, startApp, uniqueEmail, type TestApp } from './support/test-app.js';

/** The event types docs/observability.md documents: the first column of its "Event types" table. */
function documentedTypes(): string[] {
  const doc = readFileSync('docs/observability.md', 'utf8');
  const table = doc.slice(doc.indexOf('### Event types'), doc.indexOf('\n\n', doc.indexOf('| type |')));
  return table
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...line.split('|')[1].matchAll(/`([a-z_.]+)`/g)].map((m) => m[1]));
}

// Passkeys need a browser: test/mfa-passkeys.e2e-spec.ts checks their rows.
const BROWSER_ONLY = ['passkey.added', 'passkey.removed', 'passkey.used'];

// Issue 17: every documented event type is stored by the action that causes it, from HTTP, the operator CLI, start-up
// and the scheduled job, and nothing is stored under a type the documentation does not list.
describe('audit trail: every documented event type, from every path', () => {
  let inbox: SmtpInbox;
  let t: TestApp;
  beforeAll(async () => {
    inbox = await startSmtpInbox();
    t = await startApp({ SMTP_URL: inbox.url, LOGIN_MAX_FAILURES: '3', AUDIT_RETENTION: '1d' });
  });
  afterAll(async () => {
    await t.close();
    await inbox.stop();
  });

  const post: TestApp['post'] = (...args) => t.post(...args);
  const cli = (argv: string[], stdin?: string) =>
    runCli(argv, t.config, { out: () => undefined, err: () => undefined, readStdin: async () => stdin });
  const code = (secret: string, steps = 0) =>
    new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({ timestamp: Date.now() + steps * 30_000 });

  it('stores each one, and no other', { timeout: 60_000 }, async () => {
    const admin = await t.admin();
    // A user's own flows: registration, its mail, verification, logins, refresh reuse, password change, logout.
    const email = uniqueEmail('covered');
    expect((await post('/auth/register', { email, password: PASSWORD })).status).toBe(201);
    expect((await post('/auth/email/verify', { token: linkToken(await inbox.next(email, /Confirm/)) })).status).toBe(204);
    expect((await post('/auth/email/verify', { token: 'not-a-link-that-was-ever-sent-0123456789abc' })).status).toBe(400);
    const user = await t.login(email);
    expect((await post('/auth/refresh', { refreshToken: user.refreshToken })).status).toBe(200);
    expect((await post('/auth/refresh', { refreshToken: user.refreshToken })).status).toBe(401);
    let session = await t.login(email);
    const password = 'a second passphrase';
    expect((await post('/auth/password', { currentPassword: PASSWORD, newPassword: password }, session.auth)).status).toBe(204);
    expect((await post('/auth/logout', {}, session.auth)).status).toBe(204);
    session = await t.login(email, password);
    expect((await post('/auth/logout-all', {}, session.auth)).status).toBe(204);

    // Failures and a lockout, on an account of their own.
    const victim = await t.user();
    const failures = [];
    for (let i = 0; i < 4; i++) failures.push((await post('/auth/login', { email: victim.email, password: `wrong guess ${i}` })).status);
    expect(failures).toEqual([401, 401, 401, 429]);

    // Recovery: reset, e-mail change.
    expect((await post('/auth/password/forgot', { email })).status).toBe(202);
    const reset = linkToken(await inbox.next(email, /Reset your Gatehouse password/));
    expect((await post('/auth/password/reset', { token: reset, newPassword: PASSWORD })).status).toBe(204);
    session = await t.login(email);
    const moved = uniqueEmail('moved');
    expect((await post('/auth/email/change', { newEmail: moved, currentPassword: PASSWORD }, session.auth)).status).toBe(202);
    expect((await post('/auth/email/change/confirm', { token: linkToken(await inbox.next(moved, /Confirm your new/)) })).status).toBe(200);

    // Second factors: on, renewed, the two-step login passed and failed, a recovery code used, off; the operator's reset.
    const setup = await post('/auth/mfa/totp/setup', { currentPassword: PASSWORD }, session.auth);
    const confirmed = await post('/auth/mfa/totp/confirm', { code: code(setup.body.secret) }, session.auth);
    expect(confirmed.status).toBe(200);
    const codes = (await post('/auth/mfa/recovery-codes', { currentPassword: PASSWORD }, session.auth)).body.recoveryCodes as string[];
    const step = async () => (await post('/auth/login', { email: moved, password: PASSWORD })).body.mfaToken as string;
    // A code ten minutes ahead is outside the accepted window.
    expect((await post('/auth/login/mfa', { mfaToken: await step(), code: code(setup.body.secret, 20) })).status).toBe(401);
    expect((await post('/auth/login/mfa', { mfaToken: await step(), code: code(setup.body.secret, 1) })).status).toBe(200);
    expect((await post('/auth/login/mfa', { mfaToken: await step(), recoveryCode: codes[0] })).status).toBe(200);
    const off = await t.http().delete('/auth/mfa/totp').set('Authorization', session.auth).send({ currentPassword: PASSWORD, code: codes[1] });
    expect(off.status).toBe(204);
    expect(await cli(['reset-mfa', '--email', moved])).toBe(0);
    expect(await cli(['reseal-secrets'])).toBe(0);

    // Machine clients: a service account and its key (admin), a user's own key revoked, an expired key presented.
    const service = await post('/users/service-accounts', { name: 'covered-worker', roles: ['user'] }, admin.auth);
    expect(service.status).toBe(201);
    const key = await post(`/users/${service.body.id}/api-keys`, { name: 'worker key', expiresInDays: 1 }, admin.auth);
    expect(key.status).toBe(201);
    await t.app
      .get(DataSource)
      .getRepository(ApiKey)
      .update({ id: key.body.id }, { expiresAt: new Date(Date.now() - 1000) });
    expect((await t.http().get('/auth/verify').set('X-API-Key', key.body.key)).status).toBe(401);
    session = await t.login(moved);
    const own = await post('/auth/api-keys', { name: 'mine' }, session.auth);
    expect((await t.http().delete(`/auth/api-keys/${own.body.id}`).set('Authorization', session.auth)).status).toBe(204);

    // An admin's and the operator's changes to an account.
    const target = await t.user();
    const patch = (path: string, body: object) => t.http().patch(`/users/${target.id}/${path}`).set('Authorization', admin.auth).send(body);
    expect((await patch('roles', { roles: ['editor'] })).status).toBe(200);
    expect((await patch('status', { disabled: true })).status).toBe(200);
    expect((await patch('status', { disabled: false })).status).toBe(200);
    expect((await t.http().delete(`/users/${target.id}`).set('Authorization', admin.auth)).status).toBe(204);
    expect(await cli(['rotate-keys'])).toBe(0);

    // The scheduled job, as it would run a day and a half from now.
    await t.app.get(AuditBatchAppender).flush();
    const db = t.app.get(DataSource);
    const storedBefore = (await db.query('SELECT DISTINCT type FROM audit_events')).map((r: { type: string }) => r.type);
    expect(await t.app.get(AuditRetentionService).prune(Date.now() + 1.5 * 86_400_000)).toBeGreaterThan(0);
    const stored = new Set([...storedBefore, ...(await db.query('SELECT DISTINCT type FROM audit_events')).map((r: { type: string }) => r.type)]);

    const documented = documentedTypes();
    expect(documented.length).toBeGreaterThan(30);
    const expected = documented.filter((type) => !BROWSER_ONLY.includes(type)).sort();
    expect(expected.filter((type) => !stored.has(type))).toEqual([]);
    expect([...stored].filter((type) => !documented.includes(type))).toEqual([]);
  });
});
