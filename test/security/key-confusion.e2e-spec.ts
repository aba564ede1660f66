import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import {
  expectRefused as expectRejected,
  forge,
  freshClaims,
  realToken,
  serverSigner,
  signerFor,
  verifyWith,
  type RealToken,
} from '../support/forge.js';
import { startApp, type TestApp } from '../support/test-app.js';

// The classic RS256 → HS256 confusion: a verifier that lets the token pick the algorithm would use the
// public key bytes as an HMAC secret. The algorithm is pinned per configuration, so every form fails.
describe('algorithm confusion against RS256', () => {
  let t: TestApp;
  let real: RealToken;
  let publicKey: KeyObject;

  beforeAll(async () => {
    t = await startApp({ JWT_ALG: 'RS256' });
    real = await realToken(t);
    const jwks = await t.http().get('/.well-known/jwks.json');
    publicKey = createPublicKey({ key: jwks.body.keys[0], format: 'jwk' });
  });
  afterAll(() => t.close());

  it('control: accepts an RS256 token the test signs with the server key', async () => {
    const token = forge(real.header, freshClaims(real.claims), serverSigner(t));
    expect((await verifyWith(t, token)).status).toBe(200);
  });

  it.each<[string, () => string | Buffer]>([
    ['PEM (SPKI)', () => publicKey.export({ format: 'pem', type: 'spki' })],
    ['PEM (PKCS#1)', () => publicKey.export({ format: 'pem', type: 'pkcs1' })],
    ['DER (SPKI)', () => publicKey.export({ format: 'der', type: 'spki' })],
    ['DER (PKCS#1)', () => publicKey.export({ format: 'der', type: 'pkcs1' })],
    ['JWK JSON', () => JSON.stringify(publicKey.export({ format: 'jwk' }))],
  ])('refuses HS256 keyed with the public key as %s', async (_name, secret) => {
    const claims = freshClaims(real.claims, { roles: ['admin'] });
    await expectRejected(t, forge({ ...real.header, alg: 'HS256' }, claims, signerFor('HS256', secret())));
  });
});

describe('HMAC configuration (HS256)', () => {
  const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
  let t: TestApp;
  let real: RealToken;

  beforeAll(async () => {
    t = await startApp({ JWT_ALG: 'HS256', JWT_SECRET: SECRET });
    real = await realToken(t);
  });
  afterAll(() => t.close());

  it('control: accepts an HS256 token the test signs with the right secret', async () => {
    const token = forge(real.header, freshClaims(real.claims), signerFor('HS256', SECRET));
    expect((await verifyWith(t, token)).status).toBe(200);
  });

  it('refuses an asymmetric token (attacker ES256 key), an unsigned one, and one under a different secret', async () => {
    const attacker = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    await expectRejected(t, forge({ ...real.header, alg: 'ES256' }, freshClaims(real.claims), signerFor('ES256', attacker)));
    await expectRejected(t, forge({ ...real.header, alg: 'none' }, freshClaims(real.claims)));
    await expectRejected(t, forge(real.header, freshClaims(real.claims), signerFor('HS256', 'a different secret of enough length!!')));
  });

  it.each(['HS384', 'HS512'] as const)('refuses %s even with the right secret (the algorithm is pinned)', async (alg) => {
    await expectRejected(t, forge({ ...real.header, alg }, freshClaims(real.claims), signerFor(alg, SECRET)));
  });

  it.each([
    ['path traversal to /dev/null', '../../../../../../../../dev/null', ''],
    ['path traversal to the key folder', '../keys/../../../../etc/hostname', 'x'],
    ['SQL injection selecting a chosen key', "x' UNION SELECT 'attacker-secret' --", 'attacker-secret'],
    ['SQL injection always-true', "' OR '1'='1", 'attacker-secret'],
  ])('refuses a kid with %s, signed with the key it would select', async (_name, kid, secret) => {
    await expectRejected(t, forge({ ...real.header, kid }, freshClaims(real.claims), signerFor('HS256', secret)));
  });

  it('refuses a token signed with a secret that only looks right (trailing newline)', async () => {
    await expectRejected(t, forge(real.header, freshClaims(real.claims), signerFor('HS256', `${SECRET}\n`)));
  });
});
