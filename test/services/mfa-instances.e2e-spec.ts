import { createServer, type Server } from 'node:http';
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import type { AppProcess } from '../support/app-process.js';
import { type Browser, type BrowserWebAuthn, launchChromium, withVirtualAuthenticator } from '../support/browser.js';
import { startCluster, type Cluster } from '../support/cluster.js';
import { decodeSegment, PASSWORD } from '../support/test-app.js';

type Json = Record<string, unknown>;

/**
 * Second factors behind a load balancer: whatever one instance began (a WebAuthn ceremony, a two-step login, a TOTP
 * setup), the other finishes, because challenges, mfaTokens and the encrypted secrets live in PostgreSQL, the lockout
 * counters in Redis, and the data-encryption key in the shared key folder.
 */
describe('second factors across two instances on PostgreSQL + Redis', () => {
  let cluster: Cluster;
  let a: AppProcess;
  let b: AppProcess;
  let site: Server;
  let browser: Browser | undefined;
  let page: Page;

  /** In the test, not a hook: a failing hook reports the tests as skipped. */
  async function start(): Promise<void> {
    if (cluster) return;
    // The relying party's web page: an empty origin of its own; the test carries the JSON to and from the instances.
    site = createServer((_req, res) => res.end('<!doctype html><title>rp</title>'));
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const origin = `http://localhost:${(site.address() as { port: number }).port}`;
    cluster = await startCluster(2, () => ({ WEBAUTHN_RP_ID: 'localhost', WEBAUTHN_ORIGINS: origin, LOGIN_MAX_FAILURES: '3' }));
    [a, b] = cluster.instances;
    browser = await launchChromium();
    page = browser.page;
    await page.goto(origin);
    await withVirtualAuthenticator(browser);
  }

  afterAll(async () => {
    await browser?.close();
    await cluster?.close();
    site?.close();
  });

  it(
    'registers a passkey begun on one instance and finished on the other, then signs in the same way round the other side',
    { timeout: 120_000 },
    async () => {
      await start();
      const user = await a.user();
      const options = await a.http().post('/auth/passkeys/registration/options').set('Authorization', user.auth);
      expect(options.status).toBe(200);
      const created = await page.evaluate(async (options: Json) => {
        const g = globalThis as unknown as BrowserWebAuthn;
        return (await g.navigator.credentials.create({ publicKey: g.PublicKeyCredential.parseCreationOptionsFromJSON(options) })).toJSON();
      }, options.body);
      const registered = await b
        .http()
        .post('/auth/passkeys/registration')
        .set('Authorization', user.auth)
        .send({ response: created, name: 'Laptop' });
      expect(registered.status).toBe(201);

      const request = await b.http().post('/auth/passkeys/authentication/options').send({});
      const signed = await page.evaluate(async (options: Json) => {
        const g = globalThis as unknown as BrowserWebAuthn;
        const { challengeId: _ignored, ...publicKey } = options;
        return (await g.navigator.credentials.get({ publicKey: g.PublicKeyCredential.parseRequestOptionsFromJSON(publicKey) })).toJSON();
      }, request.body);
      const login = await a.http().post('/auth/passkeys/authentication').send({ challengeId: request.body.challengeId, response: signed });
      expect(login.status).toBe(200);
      expect(decodeSegment(login.body.accessToken, 1)).toMatchObject({ sub: user.id, amr: ['hwk', 'mfa'] });
      // Single use across instances: the other one refuses the same answer.
      const replay = await b.http().post('/auth/passkeys/authentication').send({ challengeId: request.body.challengeId, response: signed });
      expect(replay.status).toBe(401);
    },
  );

  it(
    'sets TOTP up on one instance, confirms and logs in on the other; wrong codes on both count toward one lockout',
    { timeout: 60_000 },
    async () => {
      await start();
      const user = await b.user();
      const setup = await a.http().post('/auth/mfa/totp/setup').set('Authorization', user.auth).send({ currentPassword: PASSWORD });
      expect(setup.status).toBe(200);
      const totp = new TOTP({ secret: Secret.fromBase32(setup.body.secret), digits: 6, period: 30 });
      expect((await b.http().post('/auth/mfa/totp/confirm').set('Authorization', user.auth).send({ code: totp.generate() })).status).toBe(200);

      const step = await a.http().post('/auth/login').send({ email: user.email, password: PASSWORD });
      expect(step.body.mfaRequired).toBe(true);
      expect((await b.http().post('/auth/login/mfa').send({ mfaToken: step.body.mfaToken, code: '000000' })).status).toBe(401);
      expect((await a.http().post('/auth/login/mfa').send({ mfaToken: step.body.mfaToken, code: '000000' })).status).toBe(401);
      const nextCode = totp.generate({ timestamp: Date.now() + 30_000 });
      const done = await b.http().post('/auth/login/mfa').send({ mfaToken: step.body.mfaToken, code: nextCode });
      expect(done.status).toBe(200);
      expect(decodeSegment(done.body.accessToken, 1).amr).toEqual(['pwd', 'otp', 'mfa']);

      // Three wrong codes over both instances lock the account's client on both.
      const again = await b.http().post('/auth/login').send({ email: user.email, password: PASSWORD });
      for (const instance of [a, b, a])
        expect((await instance.http().post('/auth/login/mfa').send({ mfaToken: again.body.mfaToken, code: '000000' })).status).toBe(401);
      expect((await b.http().post('/auth/login/mfa').send({ mfaToken: again.body.mfaToken, code: nextCode })).status).toBe(429);
      expect((await a.http().post('/auth/login').send({ email: user.email, password: PASSWORD })).status).toBe(429);
    },
  );
});
