import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../src/config/index.js';
import { linkToken, readOutbox } from './support/smtp-inbox.js';
import { PASSWORD, startApp, uniqueEmail, type TestApp } from './support/test-app.js';

// Without SMTP_URL (the embedded default) every mail is an .eml file in the outbox; the log says so without the link.
// One app per file: nestjs-pino keeps one root logger per process (see test/security/logging.e2e-spec.ts).
describe('the .eml outbox (SMTP_URL unset), replaceable templates, link expiry, and the log', () => {
  const lines: string[] = [];
  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  let t: TestApp;
  let templates: string;
  let outbox: string;

  beforeAll(async () => {
    templates = mkdtempSync(join(tmpdir(), 'gatehouse-templates-'));
    writeFileSync(join(templates, 'password-reset.subject.txt'), 'Your {{product}} reset link\n');
    writeFileSync(join(templates, 'password-reset.txt'), 'Hello from the operator. Open {{link}} within {{expiresIn}}.\n');
    t = await startApp(
      { LOG_LEVEL: 'info', PASSWORD_RESET_TTL: '2', EMAIL_VERIFICATION_TTL: '2', MAIL_TEMPLATES_DIR: templates, MAIL_PRODUCT_NAME: 'Acme ID' },
      undefined,
      { logDestination: { write: (chunk: string) => void lines.push(...chunk.split('\n').filter(Boolean)) } },
    );
    outbox = t.config.mail.outboxDir;
  });
  afterAll(async () => {
    await t.close();
    rmSync(templates, { recursive: true, force: true });
  });

  const mailsTo = async (email: string, subject: RegExp) => (await readOutbox(outbox)).filter((m) => m.to.includes(email) && subject.test(m.subject));
  const waitForMail = async (email: string, subject: RegExp) => {
    for (let i = 0; i < 200; i++) {
      const [mail] = await mailsTo(email, subject);
      if (mail) return mail;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`no outbox mail to ${email} matching ${subject}`);
  };

  it('writes the verification mail as an .eml file only the server can read, and logs it without the link', async () => {
    const user = await t.user();
    const mail = await waitForMail(user.email, /Confirm your e-mail address for Acme ID/);
    expect(statSync(join(outbox, mail.file)).mode & 0o777).toBe(0o600);
    expect(statSync(outbox).mode & 0o777).toBe(0o700);
    const token = linkToken(mail);
    expect(mail.text).toContain(`http://localhost:3000/verify-email?token=${token}`);
    expect((await t.http().post('/auth/email/verify').send({ token })).status).toBe(204);

    const logged = records().filter((r) => r.event === 'mail.outbox');
    expect(logged.some((r) => r.template === 'email-verification' && r.file === join(outbox, mail.file))).toBe(true);
    expect(lines.some((line) => line.includes(token))).toBe(false);
    expect(lines.some((line) => line.includes(user.email))).toBe(false);
  });

  it("uses the operator's template files, falling back to the built-in ones file by file", async () => {
    const user = await t.user();
    await t.http().post('/auth/password/forgot').send({ email: user.email });
    const mail = await waitForMail(user.email, /^Your Acme ID reset link$/);
    expect(mail.text).toMatch(/^Hello from the operator\. Open http:\/\/localhost:3000\/reset-password\?token=\S+ within 2 seconds\.$/m);
    // No password-reset.html in the folder: the built-in HTML body, with the same link.
    expect(mail.html).toContain(`href="http://localhost:3000/reset-password?token=${linkToken(mail)}"`);
  });

  it('refuses a reset or verification link after its TTL', async () => {
    const user = await t.user();
    const verify = linkToken(await waitForMail(user.email, /Confirm/));
    await t.http().post('/auth/password/forgot').send({ email: user.email });
    const reset = linkToken(await waitForMail(user.email, /reset link/));
    await new Promise((r) => setTimeout(r, 2500));
    const res = await t.http().post('/auth/password/reset').send({ token: reset, newPassword: 'a brand new passphrase' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('AUTH_RESET_TOKEN_INVALID');
    expect((await t.http().post('/auth/email/verify').send({ token: verify })).body.code).toBe('AUTH_VERIFY_TOKEN_INVALID');
    expect((await t.http().post('/auth/login').send({ email: user.email, password: PASSWORD })).status).toBe(200);
  });

  it('leaves an audit line for every step, with ids and outcome but no address, link or password', async () => {
    const user = await t.user();
    const unknown = uniqueEmail('nobody');
    await t.http().post('/auth/password/forgot').send({ email: unknown });
    await t.http().post('/auth/password/forgot').send({ email: user.email });
    const token = linkToken(await waitForMail(user.email, /reset link/));
    await t.http().post('/auth/password/reset').send({ token: 'not-a-token', newPassword: 'a brand new passphrase' });
    await t.http().post('/auth/password/reset').send({ token, newPassword: 'a brand new passphrase' });
    await new Promise((r) => setTimeout(r, 100));

    const events = (name: string) => records().filter((r) => r.event === name);
    expect(events('password.reset_requested')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actorId: 'anonymous', userId: user.id, outcome: 'sent', ip: '127.0.0.1' }),
        expect.objectContaining({ actorId: 'anonymous', outcome: 'unknown-account' }),
      ]),
    );
    expect(events('recovery.token_rejected')).toEqual(expect.arrayContaining([expect.objectContaining({ purpose: 'password-reset' })]));
    expect(events('password.reset')).toEqual([expect.objectContaining({ actorId: user.id, userId: user.id, ip: '127.0.0.1' })]);
    expect(events('email.verification_sent').some((r) => r.userId === user.id && r.reason === 'registration')).toBe(true);
    for (const secret of [token, user.email, unknown, 'a brand new passphrase']) {
      expect(
        lines.some((line) => line.includes(secret)),
        secret,
      ).toBe(false);
    }
  });
});

describe('mail settings that stop start-up', () => {
  it('refuses NODE_ENV=production without SMTP_URL, with one line', async () => {
    const start = startApp({ NODE_ENV: 'production' });
    await expect(start).rejects.toThrow(ConfigError);
    await expect(start).rejects.toThrow(/^SMTP_URL is required in production/);
  });

  it('refuses a MAIL_TEMPLATES_DIR that is not a folder', async () => {
    await expect(startApp({ MAIL_TEMPLATES_DIR: join(tmpdir(), `no-such-folder-${Date.now()}`) })).rejects.toThrow(
      /MAIL_TEMPLATES_DIR .* is not a folder/,
    );
  });
});
