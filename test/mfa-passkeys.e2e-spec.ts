import type { CDPSession, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import {
  addVirtualAuthenticator,
  type Browser,
  type BrowserWebAuthn,
  freePort,
  launchChromium,
  withVirtualAuthenticator,
} from './support/browser.js';
import { decodeSegment, PASSWORD, startApp, uniqueEmail, type Account, type TestApp } from './support/test-app.js';

type Json = Record<string, unknown>;
interface Answer {
  status: number;
  body: Json;
}

/**
 * Passkeys in Chromium with a virtual authenticator (DevTools protocol): the browser runs the real WebAuthn
 * ceremonies against http://localhost (a secure context) and the server verifies what the authenticator signed.
 */
describe('passkeys in a real browser with a virtual authenticator', () => {
  let t: TestApp;
  let browser: Browser | undefined;
  let page: Page;
  let cdp: CDPSession;
  let authenticatorId: string;
  let base: string;

  /** In the test, not a hook: a failing hook reports the tests as skipped instead of failed. */
  async function launch(): Promise<void> {
    if (t) return;
    const port = await freePort();
    base = `http://localhost:${port}`;
    t = await startApp({ WEBAUTHN_RP_ID: 'localhost', WEBAUTHN_ORIGINS: base });
    await t.app.listen({ port, host: '127.0.0.1' });
    browser = await launchChromium();
    page = browser.page;
    await page.goto(`${base}/health`);
    ({ cdp, authenticatorId } = await withVirtualAuthenticator(browser));
  }

  /** An empty authenticator in place of the current one, so that only the credentials a test makes can answer. */
  async function freshAuthenticator(): Promise<void> {
    await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
    authenticatorId = await addVirtualAuthenticator(cdp);
  }

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** fetch from the page (same origin), so that the API sees the browser's own requests. */
  const api = (method: string, path: string, body?: unknown, auth?: string): Promise<Answer> =>
    page.evaluate(
      async ({ method, path, body, auth }) => {
        const headers: Record<string, string> = {};
        if (body !== undefined) headers['content-type'] = 'application/json';
        if (auth) headers.authorization = auth;
        const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
        const text = await res.text();
        return { status: res.status, body: text ? JSON.parse(text) : {} };
      },
      { method, path, body, auth },
    );

  // These run in the page: tsconfig has no DOM lib, hence the loose types.
  const create = (options: Json): Promise<Json> =>
    page.evaluate(async (options) => {
      const g = globalThis as unknown as BrowserWebAuthn;
      const credential = await g.navigator.credentials.create({ publicKey: g.PublicKeyCredential.parseCreationOptionsFromJSON(options) });
      return credential.toJSON();
    }, options);
  const get = (options: Json): Promise<Json> =>
    page.evaluate(async (options) => {
      const g = globalThis as unknown as BrowserWebAuthn;
      const { challengeId: _ignored, ...publicKey } = options;
      const credential = await g.navigator.credentials.get({ publicKey: g.PublicKeyCredential.parseRequestOptionsFromJSON(publicKey) });
      return credential.toJSON();
    }, options);

  async function registerPasskey(user: Account, name: string): Promise<Json> {
    const options = await api('POST', '/auth/passkeys/registration/options', undefined, user.auth);
    expect(options.status).toBe(200);
    const registered = await api('POST', '/auth/passkeys/registration', { response: await create(options.body), name }, user.auth);
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    return registered.body;
  }

  /** A passwordless sign-in: options (optionally for an e-mail), the browser signs, the server answers. */
  async function passkeyLogin(body: Json = {}): Promise<Answer & { assertion: Json; challengeId: string }> {
    const options = await api('POST', '/auth/passkeys/authentication/options', body);
    expect(options.status).toBe(200);
    const assertion = await get(options.body);
    const challengeId = options.body.challengeId as string;
    return { ...(await api('POST', '/auth/passkeys/authentication', { challengeId, response: assertion })), assertion, challengeId };
  }

  it('registers a passkey and signs in with it alone, discoverable, with no e-mail; the challenge works once', { timeout: 90_000 }, async () => {
    await launch();
    const user = await t.user(uniqueEmail('passkey'));
    const passkey = await registerPasskey(user, 'Laptop');
    expect(Object.keys(passkey).sort()).toEqual(['createdAt', 'id', 'lastUsedAt', 'name']);
    expect(passkey).toMatchObject({ name: 'Laptop', lastUsedAt: null });
    expect((await api('GET', '/auth/me', undefined, user.auth)).body.mfaEnabled).toBe(true);

    const login = await passkeyLogin();
    expect(login.status).toBe(200);
    const claims = decodeSegment(login.body.accessToken as string, 1);
    expect(claims.sub).toBe(user.id);
    // A device-bound key with user verification (the virtual authenticator's PIN): two factors in one.
    expect(claims.amr).toEqual(['hwk', 'mfa']);
    const listed = await api('GET', '/auth/passkeys', undefined, `Bearer ${String(login.body.accessToken)}`);
    expect(listed.body).toEqual([{ ...passkey, lastUsedAt: expect.any(String) }]);

    // The same signed answer again: its challenge is spent.
    const replay = await api('POST', '/auth/passkeys/authentication', { challengeId: login.challengeId, response: login.assertion });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('AUTH_PASSKEY_INVALID');

    // Options for another account's e-mail: this passkey is refused.
    const other = await t.user(uniqueEmail('other'));
    expect((await passkeyLogin({ email: other.email })).status).toBe(401);
    expect((await passkeyLogin({ email: user.email })).status).toBe(200);
  });

  it('serves as the second factor after a password: methods name webauthn, amr says pwd and hwk', { timeout: 60_000 }, async () => {
    await launch();
    const user = await t.user(uniqueEmail('second'));
    await registerPasskey(user, 'Security key');
    const step = await api('POST', '/auth/login', { email: user.email, password: PASSWORD });
    expect(step.body).toMatchObject({ mfaRequired: true, methods: ['webauthn'] });
    expect(step.body.accessToken).toBeUndefined();

    const options = await api('POST', '/auth/passkeys/authentication/options', { mfaToken: step.body.mfaToken });
    expect((options.body.allowCredentials as unknown[]).length).toBe(1);
    const response = await get(options.body);
    const done = await api('POST', '/auth/login/mfa', { mfaToken: step.body.mfaToken, passkey: { challengeId: options.body.challengeId, response } });
    expect(done.status).toBe(200);
    expect(decodeSegment(done.body.accessToken as string, 1).amr).toEqual(['pwd', 'hwk', 'mfa']);
  });

  it('refuses a deleted passkey at once', { timeout: 60_000 }, async () => {
    await launch();
    await freshAuthenticator();
    const user = await t.user(uniqueEmail('deleted'));
    const passkey = await registerPasskey(user, 'Old phone');
    const stranger = await t.user(uniqueEmail('stranger'));
    expect((await api('DELETE', `/auth/passkeys/${String(passkey.id)}`, undefined, stranger.auth)).status).toBe(404);
    expect((await api('DELETE', `/auth/passkeys/${String(passkey.id)}`, undefined, user.auth)).status).toBe(204);
    expect((await api('GET', '/auth/passkeys', undefined, user.auth)).body).toEqual([]);
    expect((await api('GET', '/auth/me', undefined, user.auth)).body.mfaEnabled).toBe(false);

    // The authenticator still holds the credential (its only one) and signs with it; the server no longer knows it.
    expect((await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials).toHaveLength(1);
    const login = await passkeyLogin();
    expect(login.status).toBe(401);
    expect(login.body.code).toBe('AUTH_PASSKEY_INVALID');
  });

  it(
    'leaves passkey.added, passkey.used and passkey.removed in the audit trail, with the passkey id and no key material',
    { timeout: 60_000 },
    async () => {
      await launch();
      await freshAuthenticator();
      const user = await t.user(uniqueEmail('audited-passkey'));
      const passkey = await registerPasskey(user, 'Audited key');
      expect((await passkeyLogin()).status).toBe(200);
      expect((await api('DELETE', `/auth/passkeys/${String(passkey.id)}`, undefined, user.auth)).status).toBe(204);
      const param = t.config.database.type === 'postgres' ? '$1' : '?';
      const rows: { type: string; details: string }[] = await t.app
        .get(DataSource)
        .query(`SELECT type, details FROM audit_events WHERE "subjectId" = ${param} AND type LIKE 'passkey.%' ORDER BY seq`, [user.id]);
      expect(rows.map((r) => r.type)).toEqual(['passkey.added', 'passkey.used', 'passkey.removed']);
      for (const row of rows) expect(JSON.parse(row.details)).toMatchObject({ passkeyId: passkey.id });
      const stored = (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials[0];
      // The credential id in either spelling (DevTools gives base64, the server keeps base64url): ids of our own only.
      for (const spelling of [stored.credentialId, Buffer.from(stored.credentialId, 'base64').toString('base64url')]) {
        expect(JSON.stringify(rows)).not.toContain(spelling);
      }
    },
  );

  it('refuses a cloned authenticator whose sign counter goes backwards', { timeout: 60_000 }, async () => {
    await launch();
    await freshAuthenticator();
    const user = await t.user(uniqueEmail('cloned'));
    await registerPasskey(user, 'Original');
    expect((await passkeyLogin()).status).toBe(200);
    expect((await passkeyLogin()).status).toBe(200);

    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0].signCount).toBeGreaterThanOrEqual(2);
    // The copy: the same private key on another authenticator that has signed less often.
    await freshAuthenticator();
    await cdp.send('WebAuthn.addCredential', { authenticatorId, credential: { ...credentials[0], signCount: 0 } });

    const cloned = await passkeyLogin();
    expect(cloned.status).toBe(401);
    expect(cloned.body.code).toBe('AUTH_PASSKEY_INVALID');
    // Control: the same copy, once ahead of the stored counter, is accepted; so the refusal came from the counter alone.
    await freshAuthenticator();
    await cdp.send('WebAuthn.addCredential', { authenticatorId, credential: { ...credentials[0], signCount: credentials[0].signCount + 10 } });
    expect((await passkeyLogin()).status).toBe(200);
  });
});
