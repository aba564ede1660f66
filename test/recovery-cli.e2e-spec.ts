import { runCli } from '../src/cli/index.js';
import type { AppConfig } from '../src/config/index.js';
import { linkToken, type SmtpInbox, startSmtpInbox } from './support/smtp-inbox.js';
import { startApp, uniqueEmail, type TestApp } from './support/test-app.js';

describe('operator CLI: send-password-reset and verify-email', () => {
  let inbox: SmtpInbox;
  let t: TestApp;
  beforeAll(async () => {
    inbox = await startSmtpInbox();
    t = await startApp({ SMTP_URL: inbox.url, MAIL_RETRY_BASE_MS: '100' });
  });
  afterAll(async () => {
    await t.close();
    await inbox.stop();
  });

  async function cli(argv: string[], config: AppConfig = t.config) {
    let out = '';
    let err = '';
    const code = await runCli(argv, config, { out: (l) => (out += `${l}\n`), err: (l) => (err += `${l}\n`), readStdin: async () => undefined });
    return { code, out, err };
  }

  it('send-password-reset sends a working link and waits until the SMTP server accepted it', async () => {
    const user = await t.user();
    const run = await cli(['send-password-reset', '--email', user.email.toUpperCase()]);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toEqual({ email: user.email.toUpperCase(), mail: 'sent' });
    const token = linkToken(await inbox.next(user.email, /Reset/, 1000));
    expect((await t.http().post('/auth/password/reset').send({ token, newPassword: 'a brand new passphrase' })).status).toBe(204);
    expect((await t.http().post('/auth/login').send({ email: user.email, password: 'a brand new passphrase' })).status).toBe(200);
  });

  it('send-password-reset exits 1 for an unknown or disabled account, and when the mail cannot be sent', async () => {
    const unknown = await cli(['send-password-reset', '--email', uniqueEmail('nobody')]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/^error: User not found/);

    const user = await t.user();
    expect((await cli(['disable', '--email', user.email])).code).toBe(0);
    const disabled = await cli(['send-password-reset', '--email', user.email]);
    expect(disabled.code).toBe(1);
    expect(disabled.err).toMatch(/disabled/);

    const other = await t.user();
    await inbox.stop();
    try {
      const down = await cli(['send-password-reset', '--email', other.email], { ...t.config, mail: { ...t.config.mail, maxAttempts: 2 } });
      expect(down.code).toBe(1);
      expect(down.err).toMatch(/could not be sent/);
    } finally {
      await inbox.start();
    }
  });

  it('verify-email marks the address verified (the operator vouches for it)', async () => {
    const user = await t.user();
    const run = await cli(['verify-email', '--email', user.email]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({ id: user.id, email: user.email, emailVerified: true });
    const fresh = await t.login(user.email);
    expect((await t.http().get('/auth/me').set('Authorization', fresh.auth)).body.emailVerified).toBe(true);
    // The verification link sent at registration is dead now.
    const token = linkToken(await inbox.next(user.email, /Confirm/));
    expect((await t.http().post('/auth/email/verify').send({ token })).body.code).toBe('AUTH_VERIFY_TOKEN_INVALID');
  });

  it('create-user makes an account that counts as verified and gets no verification mail', async () => {
    const email = uniqueEmail('ops');
    const run = await cli(['create-user', '--email', email, '--password', 'an operator password']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({ email, emailVerified: true });
    await new Promise((r) => setTimeout(r, 300));
    expect(inbox.mails.some((m) => m.to.includes(email))).toBe(false);
  });

  it('rejects bad input with exit code 2', async () => {
    expect((await cli(['send-password-reset'])).code).toBe(2);
    expect((await cli(['verify-email', '--email', 'not-an-email'])).code).toBe(2);
  });
});
