import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { expectRefused, forge, freshClaims, realToken, signerFor, verifyWith, type RealToken } from '../support/forge.js';
import { startApp, type TestApp } from '../support/test-app.js';

// Attacks that try to make the server trust a key chosen by the token: embedded `jwk`, remote `jku`/`x5u`,
// and a `kid` that a naive key lookup would treat as a file path or an SQL fragment (RFC 8725 §3.10). The attacker
// signs with a key of the server's own kind; EdDSA tokens are verified by jose rather than jsonwebtoken.
describe.each(['ES256', 'EdDSA'] as const)('key injection through the JWS header (%s)', (alg) => {
  let t: TestApp;
  let real: RealToken;
  let attacker: { privateKey: KeyObject; jwk: JWK; kid: string };
  let keyServer: Server;
  let keyServerUrl: string;
  const keyServerRequests: IncomingMessage[] = [];

  beforeAll(async () => {
    t = await startApp({ JWT_ALG: alg });
    real = await realToken(t);
    const pair = alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519');
    const jwk = pair.publicKey.export({ format: 'jwk' }) as JWK;
    attacker = { privateKey: pair.privateKey, jwk, kid: await calculateJwkThumbprint(jwk, 'sha256') };
    // The attacker's key server: publishes the attacker's key and records every request it gets.
    keyServer = createServer((req, res) => {
      keyServerRequests.push(req);
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ keys: [{ ...attacker.jwk, kid: attacker.kid, alg, use: 'sig' }] }));
    });
    await new Promise<void>((resolve) => keyServer.listen(0, '127.0.0.1', resolve));
    keyServerUrl = `http://127.0.0.1:${(keyServer.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => keyServer.close(resolve));
    await t.close();
  });

  const attackerSigned = (header: Record<string, unknown>) =>
    forge({ alg, typ: 'at+jwt', ...header }, freshClaims(real.claims, { roles: ['admin'] }), signerFor(alg, attacker.privateKey));

  const expectRejected = (token: string) => expectRefused(t, token);

  it('control: the attacker key server answers when asked directly', async () => {
    const before = keyServerRequests.length;
    const res = await fetch(`${keyServerUrl}/jwks.json`);
    expect(((await res.json()) as { keys: JWK[] }).keys[0].kid).toBe(attacker.kid);
    expect(keyServerRequests.length).toBe(before + 1);
    keyServerRequests.length = 0;
  });

  it('refuses an embedded jwk (with the attacker kid and with the server kid)', async () => {
    await expectRejected(attackerSigned({ kid: attacker.kid, jwk: attacker.jwk }));
    await expectRejected(attackerSigned({ kid: real.header.kid, jwk: attacker.jwk }));
  });

  it('refuses a jku naming the attacker key server, and never fetches it', async () => {
    await expectRejected(attackerSigned({ kid: attacker.kid, jku: `${keyServerUrl}/jwks.json` }));
    await expectRejected(attackerSigned({ kid: real.header.kid, jku: `${keyServerUrl}/jwks.json` }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(keyServerRequests).toHaveLength(0);
  });

  it('refuses an x5u naming the attacker key server, and never fetches it', async () => {
    await expectRejected(attackerSigned({ kid: attacker.kid, x5u: `${keyServerUrl}/cert.pem` }));
    await expectRejected(attackerSigned({ kid: real.header.kid, x5u: `${keyServerUrl}/cert.pem` }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(keyServerRequests).toHaveLength(0);
  });

  it('refuses a kid that is a path traversal', async () => {
    for (const kid of ['../../../../../../dev/null', `../keys/${alg}-0.pem`, '/etc/passwd', `${String(real.header.kid)}/../../x`]) {
      await expectRejected(attackerSigned({ kid }));
    }
  });

  it('refuses a kid that is an SQL injection', async () => {
    for (const kid of ["' OR '1'='1", `${attacker.kid}' UNION SELECT kid FROM keys --`, "x'; DROP TABLE users; --"]) {
      await expectRejected(attackerSigned({ kid }));
    }
    // Nothing was dropped: the server still logs users in.
    expect((await t.user()).accessToken).toBeTruthy();
    expect((await verifyWith(t, real.token)).status).toBe(200);
  });

  it('refuses the attacker key even under the server kid with no extra header', async () => {
    await expectRejected(attackerSigned({ kid: real.header.kid }));
  });
});
