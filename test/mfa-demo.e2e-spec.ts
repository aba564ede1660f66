import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Secret, TOTP, URI } from 'otpauth';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { PASSWORD, startApp, uniqueEmail, type TestApp } from './support/test-app.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

// The demo page's second-factor block, clicked through in Chromium (cookie mode), with a virtual authenticator.
describe('demo page: TOTP and passkeys in a real browser', () => {
  let t: TestApp;
  let context: BrowserContext;
  let page: Page;
  let profile: string;

  afterAll(async () => {
    await context?.close();
    await t?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it(
    'enables TOTP from the otpauth URL shown as text, logs in with a code, registers a passkey and logs in with it',
    { timeout: 120_000 },
    async () => {
      if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run .ci/install-chromium.sh`);
      const port = await freePort();
      const base = `http://localhost:${port}`;
      t = await startApp({ AUTH_COOKIES: 'true', NODE_ENV: 'development', WEBAUTHN_ORIGINS: base });
      await t.app.listen({ port, host: '127.0.0.1' });
      profile = mkdtempSync(join(tmpdir(), 'gatehouse-chromium-'));
      context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS });
      page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${base}/demo`);
      const cdp = await context.newCDPSession(page);
      await cdp.send('WebAuthn.enable');
      await cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: {
          protocol: 'ctap2',
          transport: 'internal',
          hasResidentKey: true,
          hasUserVerification: true,
          isUserVerified: true,
          automaticPresenceSimulation: true,
        },
      });
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
