import { Secret, TOTP, URI } from 'otpauth';
import type { Page } from 'playwright-core';
import { type Browser, freePort, launchChromium, withVirtualAuthenticator } from './support/browser.js';
import { PASSWORD, startApp, uniqueEmail, type TestApp } from './support/test-app.js';

// The demo page's second-factor block, clicked through in Chromium (cookie mode), with a virtual authenticator.
describe('demo page: TOTP and passkeys in a real browser', () => {
  let t: TestApp;
  let browser: Browser | undefined;
  let page: Page;

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it(
    'enables TOTP from the otpauth URL shown as text, logs in with a code, registers a passkey and logs in with it',
    { timeout: 120_000 },
    async () => {
      const port = await freePort();
      const base = `http://localhost:${port}`;
      t = await startApp({ AUTH_COOKIES: 'true', NODE_ENV: 'development', WEBAUTHN_ORIGINS: base });
      await t.app.listen({ port, host: '127.0.0.1' });
      browser = await launchChromium();
      page = browser.page;
      await page.goto(`${base}/demo`);
      await withVirtualAuthenticator(browser);
      const status = () => page.locator('#status').textContent();
      const who = () => page.locator('#who').textContent();

      const email = uniqueEmail('demo-mfa');
      await page.fill('#email', email);
      await page.fill('#password', PASSWORD);
      await page.click('#register');
      await expect.poll(status).toBe(`Registered ${email}; now log in`);
      await page.click('#login');
      await expect.poll(who).toBe(`Signed in as ${email} (user)`);

      await page.click('#totp-setup');
      await expect.poll(() => page.locator('#otpauth-url').textContent()).toMatch(/^otpauth:\/\/totp\//);
      const totp = URI.parse((await page.locator('#otpauth-url').textContent())!) as TOTP;
      const code = (steps: number) =>
        new TOTP({ secret: Secret.fromBase32(totp.secret.base32), digits: 6, period: 30 }).generate({ timestamp: Date.now() + steps * 30_000 });
      await page.fill('#totp-code', code(0));
      await page.click('#totp-confirm');
      await expect.poll(status).toMatch(/^TOTP is on/);
      expect((await page.locator('#recovery-codes').textContent())!.split('\n')).toHaveLength(10);

      await page.click('#logout');
      await expect.poll(who).toBe('Signed out');
      await page.click('#login');
      await expect.poll(status).toMatch(/^Second step needed \(totp, recovery_code\)/);
      expect(await who()).toBe('Signed out');
      await page.fill('#totp-code', code(1));
      await page.click('#mfa-login');
      await expect.poll(who).toBe(`Signed in as ${email} (user)`);

      await page.click('#passkey-register');
      await expect.poll(status).toBe('Passkey "Demo passkey" registered');
      await page.click('#logout');
      await expect.poll(who).toBe('Signed out');
      await page.click('#passkey-login');
      await expect.poll(who).toBe(`Signed in as ${email} (user)`);
    },
  );
});
