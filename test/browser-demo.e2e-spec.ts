import type { BrowserContext, Page } from 'playwright-core';
import { type Browser, launchChromium } from './support/browser.js';
import { readOutbox } from './support/smtp-inbox.js';
import { PASSWORD, startApp, uniqueEmail, type TestApp } from './support/test-app.js';

// A real browser enforces what supertest cannot show: HttpOnly, SameSite and what page scripts may read.
describe('demo page in a real browser (cookie mode)', () => {
  let t: TestApp;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let browser: Browser | undefined;

  /** Launched inside the test, not in a hook: a hook failure would report the test as skipped, not failed. */
  async function launch(): Promise<void> {
    // development: plain-http cookies without Secure, as on a developer's machine.
    t = await startApp({ AUTH_COOKIES: 'true', NODE_ENV: 'development' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = await t.app.getUrl();
    browser = await launchChromium();
    ({ context, page } = browser);
  }

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const status = () => page.locator('#status');
  const who = () => page.locator('#who');
  const cookie = async (name: string) => (await context.cookies(base)).find((c) => c.name === name);

  it('registers, logs in with cookies, reads /auth/me, refreshes and logs out', { timeout: 90_000 }, async () => {
    await launch();
    const email = uniqueEmail('browser');
    await page.goto(`${base}/demo`);
    await page.fill('#email', email);
    await page.fill('#password', PASSWORD);
    await page.click('#register');
    await expect.poll(() => status().textContent()).toBe(`Registered ${email}; now log in`);

    // The page asks for cookie delivery: no token ever reaches a body that its scripts could read.
    const [login] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/auth/login')), page.click('#login')]);
    expect(await login.json()).toEqual({ expiresIn: 900 });
    await expect.poll(() => who().textContent()).toBe(`Signed in as ${email} (user)`);

    // Page scripts see only the CSRF cookie; the tokens are HttpOnly.
    // Runs in the page; tsconfig has no DOM lib, hence the cast.
    const visible = await page.evaluate(() => (globalThis as unknown as { document: { cookie: string } }).document.cookie);
    expect(visible).toMatch(/gatehouse_csrf=/);
    expect(visible).not.toMatch(/gatehouse_at|gatehouse_rt/);
    const access = await cookie('gatehouse_at');
    expect(access).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    // The refresh cookie is scoped to /auth, so the browser lists it only for /auth URLs.
    const refresh = (await context.cookies(`${base}/auth/refresh`)).find((c) => c.name === 'gatehouse_rt');
    expect(refresh).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/auth' });

    // An unsafe request that carries the cookies but not the CSRF header is refused, and changes nothing.
    const forged = await page.evaluate(async () => {
      const res = await fetch('/auth/logout', { method: 'POST', credentials: 'same-origin' });
      return { status: res.status, body: await res.json() };
    });
    expect(forged).toMatchObject({ status: 403, body: { code: 'AUTH_CSRF_INVALID' } });
    await page.click('#me');
    await expect.poll(() => status().textContent()).toBe('Loaded your profile');

    const [refreshed] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/auth/refresh')), page.click('#refresh')]);
    expect(await refreshed.json()).toEqual({ expiresIn: 900 });
    await expect.poll(() => status().textContent()).toMatch(/^Session refreshed/);
    const rotated = (await context.cookies(`${base}/auth/refresh`)).find((c) => c.name === 'gatehouse_rt');
    expect(rotated?.value).not.toBe(refresh?.value);

    await page.click('#logout');
    await expect.poll(() => status().textContent()).toBe('Logged out');
    expect(await cookie('gatehouse_at')).toBeUndefined();
    await page.click('#me');
    await expect.poll(() => status().textContent()).toMatch(/^Who am I failed \(401\)/);
    await expect.poll(() => who().textContent()).toBe('Signed out');
  });

  // Account recovery (issue 14): the reset link is taken from the .eml outbox (SMTP_URL unset), as a user would click it.
  it('forgot password: the link from the outbox opens the page that sets a new password', { timeout: 90_000 }, async () => {
    if (!page) await launch();
    const email = uniqueEmail('forgetful');
    expect((await t.http().post('/auth/register').send({ email, password: PASSWORD })).status).toBe(201);
    await page.goto(`${base}/demo`);
    await page.fill('#email', email);
    await page.click('#forgot');
    await expect.poll(() => status().textContent()).toBe('If an account has this address, a reset link is on its way');

    const findLink = async () => {
      const mail = (await readOutbox(t.config.mail.outboxDir)).find((m) => m.to.includes(email) && /Reset/.test(m.subject));
      return mail && /https?:\/\/\S+\/reset-password\?token=\S+/.exec(mail.text)?.[0];
    };
    await expect.poll(findLink, { timeout: 10_000 }).toBeTruthy();
    const link = new URL((await findLink())!);
    await page.goto(`${base}${link.pathname}${link.search}`);
    await expect.poll(() => status().textContent()).toBe('Choose a new password');
    // The token left the address bar.
    expect(new URL(page.url()).search).toBe('');

    await page.fill('#new-password', 'a brand new passphrase');
    await page.click('#reset');
    await expect.poll(() => status().textContent()).toBe('Password changed; every session was signed out. Log in with the new password');
    await page.fill('#email', email);
    await page.fill('#password', 'a brand new passphrase');
    await page.click('#login');
    await expect.poll(() => who().textContent()).toBe(`Signed in as ${email} (user)`);
  });
});
