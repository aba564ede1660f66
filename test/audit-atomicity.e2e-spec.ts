import { Secret, TOTP } from 'otpauth';
import { DataSource } from 'typeorm';
import { linkToken, type SmtpInbox, startSmtpInbox } from './support/smtp-inbox.js';
import { PASSWORD, startApp, uniqueEmail, type Account, type TestApp } from './support/test-app.js';

const codeAt = (secret: string, steps = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: Date.now() + steps * 30_000 });

// Issue 17: an event caused by a write is stored in the same transaction as that write, or neither is. Each flow runs
// once with the audit table out of reach: it must fail and change nothing (its link, code or key still usable), and
// then succeed once the table is back.
describe('a change and its audit row commit together, in every flow that writes', () => {
  let inbox: SmtpInbox;
  let t: TestApp;
  beforeAll(async () => {
    inbox = await startSmtpInbox();
    t = await startApp({ SMTP_URL: inbox.url, APP_URL: 'https://id.example.com', LOGIN_MAX_FAILURES: '50' });
  });
  afterAll(async () => {
    await t.close();
    await inbox.stop();
  });

  const db = () => t.app.get(DataSource);
  /** The n-th query parameter, as this database spells it (the services suite runs this file on PostgreSQL). */
  const p = (n: number) => (t.config.database.type === 'postgres' ? `$${n}` : '?');
  const post: TestApp['post'] = (...args) => t.post(...args);
  const me = (account: Pick<Account, 'auth'>) => t.http().get('/auth/me').set('Authorization', account.auth);
  const auditRows = async (type: string, subjectId: string): Promise<number> => {
    const [row] = await db().query(`SELECT COUNT(*) AS n FROM audit_events WHERE type = ${p(1)} AND "subjectId" = ${p(2)}`, [type, subjectId]);
    return Number(row.n);
  };

  /** Runs `request` with the audit table out of reach; it must fail as a server error that names nothing inside. */
  async function withAuditDown(request: () => Promise<{ status: number; body: unknown }>): Promise<void> {
    await db().query('ALTER TABLE audit_events RENAME TO audit_events_away');
    try {
      const res = await request();
      expect(res.status).toBeGreaterThanOrEqual(500);
      expect(JSON.stringify(res.body)).not.toMatch(/audit_events|SQLITE|relation/i);
    } finally {
      await db().query('ALTER TABLE audit_events_away RENAME TO audit_events');
    }
  }

  it('e-mail verification: the address stays unverified and the link still works', async () => {
    const user = await t.user();
    const token = linkToken(await inbox.next(user.email, /Confirm your e-mail address/));
    await withAuditDown(() => post('/auth/email/verify', { token }));
    expect((await me(user)).body.emailVerified).toBe(false);
    expect(await auditRows('email.verified', user.id)).toBe(0);

    expect((await post('/auth/email/verify', { token })).status).toBe(204);
    expect((await me(user)).body.emailVerified).toBe(true);
    expect(await auditRows('email.verified', user.id)).toBe(1);
  });

  it('password reset: the old password stays, the link still works', async () => {
    const user = await t.user();
    expect((await post('/auth/password/forgot', { email: user.email })).status).toBe(202);
    const token = linkToken(await inbox.next(user.email, /Reset your Gatehouse password/));
    await withAuditDown(() => post('/auth/password/reset', { token, newPassword: 'a brand new passphrase' }));
    // The password stays. (The sessions' revocation, told to the revocation store before the commit failed, is not
    // taken back: failing closed, the user signs in again.)
    expect((await post('/auth/login', { email: user.email, password: PASSWORD })).status).toBe(200);
    expect((await post('/auth/login', { email: user.email, password: 'a brand new passphrase' })).status).toBe(401);
    expect(await auditRows('password.reset', user.id)).toBe(0);

    expect((await post('/auth/password/reset', { token, newPassword: 'a brand new passphrase' })).status).toBe(204);
    expect((await me(user)).status).toBe(401);
    expect((await post('/auth/login', { email: user.email, password: 'a brand new passphrase' })).status).toBe(200);
    expect(await auditRows('password.reset', user.id)).toBe(1);
  });

  it('a reset link asked for while the trail is down is never sent (no link without its audit row)', async () => {
    const user = await t.user();
    await db().query('ALTER TABLE audit_events RENAME TO audit_events_away');
    try {
      // The answer goes out before the work (enumeration); the work then fails as a whole.
      expect((await post('/auth/password/forgot', { email: user.email })).status).toBe(202);
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      await db().query('ALTER TABLE audit_events_away RENAME TO audit_events');
    }
    const [row] = await db().query(`SELECT COUNT(*) AS n FROM recovery_tokens WHERE "userId" = ${p(1)} AND purpose = 'password-reset'`, [user.id]);
    expect(Number(row.n)).toBe(0);
    expect((await post('/auth/password/forgot', { email: user.email })).status).toBe(202);
    await inbox.next(user.email, /Reset your Gatehouse password/);
    expect(inbox.mails.filter((m) => m.to.includes(user.email) && /Reset your/.test(m.subject))).toHaveLength(1);
  });

  it('e-mail change: the address stays, the link still works', async () => {
    const user = await t.user();
    const newEmail = uniqueEmail('moved');
    expect((await post('/auth/email/change', { newEmail, currentPassword: PASSWORD }, user.auth)).status).toBe(202);
    const token = linkToken(await inbox.next(newEmail, /Confirm your new e-mail address/));
    await withAuditDown(() => post('/auth/email/change/confirm', { token }));
    expect((await me(user)).body.email).toBe(user.email);

    expect((await post('/auth/email/change/confirm', { token })).status).toBe(200);
    expect((await me(user)).body.email).toBe(newEmail);
    expect(await auditRows('email.changed', user.id)).toBe(1);
  });

  it('TOTP: not turned on, and the same code confirms it afterwards; not turned off either', async () => {
    const user = await t.user();
    const setup = await post('/auth/mfa/totp/setup', { currentPassword: PASSWORD }, user.auth);
    expect(setup.status).toBe(200);
    const code = codeAt(setup.body.secret);
    await withAuditDown(() => post('/auth/mfa/totp/confirm', { code }, user.auth));
    expect((await me(user)).body.mfaEnabled).toBe(false);

    const confirmed = await post('/auth/mfa/totp/confirm', { code }, user.auth);
    expect(confirmed.status).toBe(200);
    expect((await me(user)).body.mfaEnabled).toBe(true);
    expect(await auditRows('mfa.enabled', user.id)).toBe(1);

    const off = () =>
      t.http().delete('/auth/mfa/totp').set('Authorization', user.auth).send({ currentPassword: PASSWORD, code: confirmed.body.recoveryCodes[0] });
    await withAuditDown(off);
    expect((await me(user)).body.mfaEnabled).toBe(true);
    // The recovery code the failed attempt used was given back with the rest.
    expect((await off()).status).toBe(204);
    expect((await me(user)).body.mfaEnabled).toBe(false);
    expect(await auditRows('mfa.disabled', user.id)).toBe(1);
  });

  it('the second step of a login: the recovery code is not spent', async () => {
    const user = await t.user();
    const setup = await post('/auth/mfa/totp/setup', { currentPassword: PASSWORD }, user.auth);
    const { recoveryCodes } = (await post('/auth/mfa/totp/confirm', { code: codeAt(setup.body.secret) }, user.auth)).body;
    const mfaToken = async () => (await post('/auth/login', { email: user.email, password: PASSWORD })).body.mfaToken as string;

    const first = await mfaToken();
    await withAuditDown(() => post('/auth/login/mfa', { mfaToken: first, recoveryCode: recoveryCodes[0] }));
    const [row] = await db().query(`SELECT COUNT(*) AS n FROM recovery_codes WHERE "userId" = ${p(1)} AND "usedAt" IS NULL`, [user.id]);
    expect(Number(row.n)).toBe(recoveryCodes.length);

    const second = await post('/auth/login/mfa', { mfaToken: first, recoveryCode: recoveryCodes[0] });
    expect(second.status).toBe(200);
    expect(second.body.accessToken).toEqual(expect.any(String));
  });

  it('the second step of a login with a TOTP code: neither the mfaToken nor the code is spent', async () => {
    const user = await t.user();
    const setup = await post('/auth/mfa/totp/setup', { currentPassword: PASSWORD }, user.auth);
    await post('/auth/mfa/totp/confirm', { code: codeAt(setup.body.secret) }, user.auth);
    const { mfaToken } = (await post('/auth/login', { email: user.email, password: PASSWORD })).body;
    // The confirmation spent the current step's code; the next step's is accepted too (one step of drift).
    const code = codeAt(setup.body.secret, 1);

    await withAuditDown(() => post('/auth/login/mfa', { mfaToken, code }));
    expect(await auditRows('mfa.challenge_passed', user.id)).toBe(0);

    const retried = await post('/auth/login/mfa', { mfaToken, code });
    expect(retried.status).toBe(200);
    expect(retried.body.accessToken).toEqual(expect.any(String));
    expect(await auditRows('mfa.challenge_passed', user.id)).toBe(1);
  });

  it('API keys: none is created, and a revoked one keeps working until its revocation is recorded', async () => {
    const owner = await t.user();
    const create = () => post('/auth/api-keys', { name: 'export' }, owner.auth);
    await withAuditDown(create);
    expect((await t.http().get('/auth/api-keys').set('Authorization', owner.auth)).body).toEqual([]);

    const key = (await create()).body;
    expect(key.key).toEqual(expect.any(String));
    const revoke = () => t.http().delete(`/auth/api-keys/${key.id}`).set('Authorization', owner.auth);
    await withAuditDown(revoke);
    expect((await t.http().get('/auth/api-keys').set('Authorization', owner.auth)).body).toHaveLength(1);

    expect((await revoke()).status).toBe(204);
    expect((await t.http().get('/auth/me').set('X-API-Key', key.key)).status).toBe(401);
    expect(await auditRows('api_key.revoked', owner.id)).toBe(1);
  });

  it('logout: the session stays usable until its end can be recorded, then ends', async () => {
    const user = await t.user();
    const logout = () => t.http().post('/auth/logout').set('Authorization', user.auth);
    await withAuditDown(logout);
    expect((await me(user)).status).toBe(200);
    expect((await post('/auth/refresh', { refreshToken: user.refreshToken })).status).toBe(200);

    const again = await t.login(user.email);
    expect((await t.http().post('/auth/logout').set('Authorization', again.auth)).status).toBe(204);
    expect((await me(again)).status).toBe(401);
    expect((await post('/auth/refresh', { refreshToken: again.refreshToken })).status).toBe(401);
  });
});
