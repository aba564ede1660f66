import { linkToken, type SmtpInbox, startSmtpInbox } from './support/smtp-inbox.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, PASSWORD, startApp, uniqueEmail, type Account, type TestApp } from './support/test-app.js';

const NEW_PASSWORD = 'a brand new passphrase';

// Password reset, e-mail verification and e-mail change over a real SMTP server (smtp-server on 127.0.0.1).
describe('account recovery over SMTP', () => {
  let inbox: SmtpInbox;
  let t: TestApp;
  beforeAll(async () => {
    inbox = await startSmtpInbox();
    t = await startApp({ SMTP_URL: inbox.url, APP_URL: 'https://id.example.com', MAIL_RETRY_BASE_MS: '200', LOGIN_MAX_FAILURES: '3' });
  });
  afterAll(async () => {
    await t.close();
    await inbox.stop();
  });

  const post: TestApp['post'] = (...args) => t.post(...args);
  const me = (account: Account) => t.http().get('/auth/me').set('Authorization', account.auth);
  const forgot = (email: string) => post('/auth/password/forgot', { email });
  const resetMail = async (email: string) => linkToken(await inbox.next(email, /Reset your Gatehouse password/));

  describe('e-mail verification', () => {
    it('registration sends a link that verifies the address once', async () => {
      const user = await t.user();
      const mail = await inbox.next(user.email, /Confirm your e-mail address/);
      expect(mail.text).toContain('https://id.example.com/verify-email?token=');
      expect(mail.html).toContain('href="https://id.example.com/verify-email?token=');
      expect((await me(user)).body.emailVerified).toBe(false);

      const token = linkToken(mail);
      expect(token.length).toBeGreaterThanOrEqual(43); // 256 random bits in base64url
      expect((await post('/auth/email/verify', { token })).status).toBe(204);
      expect((await me(user)).body.emailVerified).toBe(true);

      const again = await post('/auth/email/verify', { token });
      expect(again.status).toBe(400);
      expect(again.body.code).toBe('AUTH_VERIFY_TOKEN_INVALID');
    });

    it('resend sends a new link and kills the older one', async () => {
      const user = await t.user();
      const first = linkToken(await inbox.next(user.email, /Confirm/));
      const res = await post('/auth/email/verify/resend', {}, user.auth);
      expect(res.status).toBe(202);
      expect(res.body).toEqual({});
      const second = linkToken(await inbox.next(user.email, /Confirm/));
      expect(second).not.toBe(first);
      expect((await post('/auth/email/verify', { token: first })).body.code).toBe('AUTH_VERIFY_TOKEN_INVALID');
      expect((await post('/auth/email/verify', { token: second })).status).toBe(204);
    });

    it('resend is limited per account (429 with Retry-After) and needs a token (401)', async () => {
      const user = await t.user();
      // Registration sent the first of the three mails an hour.
      expect((await post('/auth/email/verify/resend', {}, user.auth)).status).toBe(202);
      expect((await post('/auth/email/verify/resend', {}, user.auth)).status).toBe(202);
      const limited = await post('/auth/email/verify/resend', {}, user.auth);
      expect(limited.status).toBe(429);
      expect(limited.body.code).toBe('AUTH_RATE_LIMITED');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(3000);
      expect((await post('/auth/email/verify/resend', {})).status).toBe(401);
    });

    it('accounts made by start-up (ADMIN_EMAIL) count as verified and get no mail', async () => {
      const admin = await t.admin();
      expect((await me(admin)).body.emailVerified).toBe(true);
      expect(inbox.mails.some((m) => m.to.includes(ADMIN_EMAIL))).toBe(false);
    });
  });

  describe('password reset', () => {
    it('forgot → mail → reset: every old access and refresh token is dead, the new password works, the old one not', async () => {
      const user = await t.user();
      const other = await t.login(user.email);
      expect((await forgot(user.email)).status).toBe(202);
      const mail = await inbox.next(user.email, /Reset your Gatehouse password/);
      expect(mail.text).toContain('https://id.example.com/reset-password?token=');
      expect(mail.text).toContain('1 hour');

      const res = await post('/auth/password/reset', { token: linkToken(mail), newPassword: NEW_PASSWORD });
      expect(res.status).toBe(204);
      for (const session of [user, other]) {
        expect((await me(session)).status).toBe(401);
        expect((await post('/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(401);
      }
      expect((await post('/auth/login', { email: user.email, password: PASSWORD })).status).toBe(401);
      expect((await post('/auth/login', { email: user.email, password: NEW_PASSWORD })).status).toBe(200);
    });

    it('a link works once; a tampered one and a superseded one are refused', async () => {
      const user = await t.user();
      await forgot(user.email);
      const first = await resetMail(user.email);
      await forgot(user.email);
      const second = await resetMail(user.email);

      const superseded = await post('/auth/password/reset', { token: first, newPassword: NEW_PASSWORD });
      expect(superseded.status).toBe(400);
      expect(superseded.body).toMatchObject({ statusCode: 400, code: 'AUTH_RESET_TOKEN_INVALID' });
      const tampered = second.slice(0, -1) + (second.endsWith('A') ? 'B' : 'A');
      expect((await post('/auth/password/reset', { token: tampered, newPassword: NEW_PASSWORD })).body.code).toBe('AUTH_RESET_TOKEN_INVALID');

      expect((await post('/auth/password/reset', { token: second, newPassword: NEW_PASSWORD })).status).toBe(204);
      expect((await post('/auth/password/reset', { token: second, newPassword: 'yet another password' })).body.code).toBe('AUTH_RESET_TOKEN_INVALID');
      expect((await post('/auth/login', { email: user.email, password: NEW_PASSWORD })).status).toBe(200);
    });

    it('two concurrent uses of one link: exactly one sets its password', async () => {
      const user = await t.user();
      await forgot(user.email);
      const token = await resetMail(user.email);
      const [a, b] = await Promise.all([
        post('/auth/password/reset', { token, newPassword: 'first racer password' }),
        post('/auth/password/reset', { token, newPassword: 'second racer password' }),
      ]);
      expect([a.status, b.status].sort()).toEqual([204, 400]);
      const winner = a.status === 204 ? 'first racer password' : 'second racer password';
      expect((await post('/auth/login', { email: user.email, password: winner })).status).toBe(200);
    });

    it('clears the login lockout of the account', async () => {
      const user = await t.user();
      for (let i = 0; i < 3; i++) await post('/auth/login', { email: user.email, password: 'wrong password!' });
      expect((await post('/auth/login', { email: user.email, password: PASSWORD })).status).toBe(429);
      await forgot(user.email);
      await post('/auth/password/reset', { token: await resetMail(user.email), newPassword: NEW_PASSWORD });
      expect((await post('/auth/login', { email: user.email, password: NEW_PASSWORD })).status).toBe(200);
    });

    it('verifies the address too (the link reached its inbox)', async () => {
      const user = await t.user();
      await forgot(user.email);
      await post('/auth/password/reset', { token: await resetMail(user.email), newPassword: NEW_PASSWORD });
      const again = await t.login(user.email, NEW_PASSWORD);
      expect((await me(again)).body.emailVerified).toBe(true);
    });

    it('sends at most 3 mails per account per hour, silently beyond (still 202)', async () => {
      const user = await t.user();
      for (let i = 0; i < 5; i++) expect((await forgot(user.email)).status).toBe(202);
      for (let i = 0; i < 3; i++) await resetMail(user.email);
      // Give any fourth mail the time the first three needed, and more.
      await new Promise((r) => setTimeout(r, 1000));
      expect(inbox.mails.filter((m) => m.to.includes(user.email) && /Reset/.test(m.subject))).toHaveLength(3);
    });

    it('a disabled account gets no mail, and its older link stops working', async () => {
      const user = await t.user();
      await forgot(user.email);
      const token = await resetMail(user.email);
      const admin = await t.admin();
      expect((await t.http().patch(`/users/${user.id}/status`).set('Authorization', admin.auth).send({ disabled: true })).status).toBe(200);
      expect((await forgot(user.email)).status).toBe(202);
      expect((await post('/auth/password/reset', { token, newPassword: NEW_PASSWORD })).body.code).toBe('AUTH_RESET_TOKEN_INVALID');
      await new Promise((r) => setTimeout(r, 500));
      expect(inbox.mails.filter((m) => m.to.includes(user.email) && /Reset/.test(m.subject))).toHaveLength(1);
    });

    it('answers bad input with a clear 400, never a 500', async () => {
      const cases: [string, object][] = [
        ['/auth/password/forgot', {}],
        ['/auth/password/forgot', { email: 42 }],
        ['/auth/password/forgot', { email: { $ne: '' } }],
        ['/auth/password/forgot', { email: 'a@b.example', extra: 1 }],
        ['/auth/password/forgot', { email: 'x'.repeat(300) }],
        ['/auth/password/reset', { token: 'x' }],
        ['/auth/password/reset', { newPassword: NEW_PASSWORD }],
        ['/auth/password/reset', { token: 'x', newPassword: 'short' }],
        ['/auth/password/reset', { token: 'x', newPassword: 'y'.repeat(129) }],
        ['/auth/password/reset', { token: ['x'], newPassword: NEW_PASSWORD }],
        ['/auth/email/verify', { token: '' }],
        ['/auth/email/verify', { token: 'x'.repeat(300) }],
        ['/auth/email/change/confirm', {}],
      ];
      for (const [path, body] of cases) {
        const res = await post(path, body);
        expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      }
      for (const path of ['/auth/password/reset', '/auth/email/verify', '/auth/email/change/confirm']) {
        const res = await post(path, { token: 'no-such-token', ...(path.includes('reset') ? { newPassword: NEW_PASSWORD } : {}) });
        expect(res.status).toBe(400);
        expect(res.body.code).toMatch(/^AUTH_(RESET|VERIFY|EMAIL)_TOKEN_INVALID$/);
      }
    });
  });

  describe('e-mail change', () => {
    it('needs the current password, a free address that is not the current one', async () => {
      const user = await t.user();
      const wrong = await post('/auth/email/change', { newEmail: uniqueEmail('new'), currentPassword: 'not my password' }, user.auth);
      expect(wrong.status).toBe(401);
      expect(wrong.body.code).toBe('AUTH_WRONG_PASSWORD');
      const taken = await post('/auth/email/change', { newEmail: ADMIN_EMAIL.toUpperCase(), currentPassword: PASSWORD }, user.auth);
      expect(taken.status).toBe(409);
      expect(taken.body.code).toBe('AUTH_EMAIL_TAKEN');
      expect((await post('/auth/email/change', { newEmail: user.email, currentPassword: PASSWORD }, user.auth)).body.code).toBe(
        'AUTH_EMAIL_UNCHANGED',
      );
      expect((await post('/auth/email/change', { newEmail: 'not an address', currentPassword: PASSWORD }, user.auth)).status).toBe(400);
      expect((await post('/auth/email/change', { newEmail: uniqueEmail('new'), currentPassword: PASSWORD })).status).toBe(401);
    });

    it('confirming moves the account, keeps the asking session, revokes the others and tells the old address', async () => {
      const user = await t.user();
      const other = await t.login(user.email);
      const newEmail = uniqueEmail('moved');
      expect((await post('/auth/email/change', { newEmail, currentPassword: PASSWORD }, user.auth)).status).toBe(202);
      const mail = await inbox.next(newEmail, /Confirm your new e-mail address/);
      expect(mail.text).toContain('https://id.example.com/confirm-email?token=');

      const res = await post('/auth/email/change/confirm', { token: linkToken(mail) });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: user.id, email: newEmail, emailVerified: true });
      expect(res.body).not.toHaveProperty('passwordHash');
      await inbox.next(user.email, /was changed/);

      expect((await me(user)).body.email).toBe(newEmail);
      expect((await me(other)).status).toBe(401);
      expect((await post('/auth/refresh', { refreshToken: other.refreshToken })).status).toBe(401);
      expect((await post('/auth/login', { email: user.email, password: PASSWORD })).status).toBe(401);
      expect((await post('/auth/login', { email: newEmail, password: PASSWORD })).status).toBe(200);
      expect((await post('/auth/email/change/confirm', { token: linkToken(mail) })).body.code).toBe('AUTH_EMAIL_TOKEN_INVALID');
    });

    it('a reset link sent to the old address dies with the change', async () => {
      const user = await t.user();
      await forgot(user.email);
      const resetToken = await resetMail(user.email);
      const newEmail = uniqueEmail('moved');
      await post('/auth/email/change', { newEmail, currentPassword: PASSWORD }, user.auth);
      await post('/auth/email/change/confirm', { token: linkToken(await inbox.next(newEmail, /Confirm your new/)) });
      expect((await post('/auth/password/reset', { token: resetToken, newPassword: NEW_PASSWORD })).body.code).toBe('AUTH_RESET_TOKEN_INVALID');
    });

    it('two users racing for one address: exactly one wins, the other gets 409', async () => {
      const [a, b] = [await t.user(), await t.user()];
      const contested = uniqueEmail('contested');
      expect((await post('/auth/email/change', { newEmail: contested, currentPassword: PASSWORD }, a.auth)).status).toBe(202);
      expect((await post('/auth/email/change', { newEmail: contested, currentPassword: PASSWORD }, b.auth)).status).toBe(202);
      const first = linkToken(await inbox.next(contested, /Confirm your new/));
      const second = linkToken(await inbox.next(contested, /Confirm your new/));
      const results = await Promise.all([first, second].map((token) => post('/auth/email/change/confirm', { token })));
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(results.find((r) => r.status === 409)!.body.code).toBe('AUTH_EMAIL_TAKEN');
      const emails = [(await me(a)).body.email, (await me(b)).body.email];
      expect(emails.filter((e) => e === contested)).toHaveLength(1);
    });
  });

  describe('SMTP outage', () => {
    it('a mail accepted while the server is down still answers 202 at once and is delivered when it is back', async () => {
      const user = await t.user();
      await inbox.next(user.email, /Confirm/);
      await inbox.stop();
      try {
        const started = Date.now();
        expect((await forgot(user.email)).status).toBe(202);
        expect(Date.now() - started).toBeLessThan(2000);
        // Let a few sends fail (retries after 200, 400, 800 ms...).
        await new Promise((r) => setTimeout(r, 1000));
        expect(inbox.mails.some((m) => m.to.includes(user.email) && /Reset/.test(m.subject))).toBe(false);
      } finally {
        await inbox.start();
      }
      const token = linkToken(await inbox.next(user.email, /Reset/, 15_000));
      expect((await post('/auth/password/reset', { token, newPassword: NEW_PASSWORD })).status).toBe(204);
    });
  });
});

describe('REQUIRE_VERIFIED_EMAIL=true', () => {
  let inbox: SmtpInbox;
  let t: TestApp;
  beforeAll(async () => {
    inbox = await startSmtpInbox();
    t = await startApp({ SMTP_URL: inbox.url, REQUIRE_VERIFIED_EMAIL: 'true' });
  });
  afterAll(async () => {
    await t.close();
    await inbox.stop();
  });

  it('refuses an unverified account with 403 only after the right password, and lets it in once verified', async () => {
    const email = uniqueEmail('unverified');
    expect((await t.http().post('/auth/register').send({ email, password: PASSWORD })).status).toBe(201);
    const wrong = await t.http().post('/auth/login').send({ email, password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('AUTH_INVALID_CREDENTIALS');
    const refused = await t.http().post('/auth/login').send({ email, password: PASSWORD });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('AUTH_EMAIL_NOT_VERIFIED');
    expect(refused.body).not.toHaveProperty('accessToken');

    const token = linkToken(await inbox.next(email, /Confirm/));
    expect((await t.http().post('/auth/email/verify').send({ token })).status).toBe(204);
    expect((await t.http().post('/auth/login').send({ email, password: PASSWORD })).status).toBe(200);
  });

  it('lets the start-up admin in (accounts made by start-up or the CLI are verified)', async () => {
    expect((await t.http().post('/auth/login').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD })).status).toBe(200);
  });
});
