import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { decodeSegment, startApp, type TestApp } from './support/test-app.js';
import { readNewestKey, signCompact } from './support/token-forge.js';

/**
 * RFC 8725 rules, each shown by a token that is signed with the app's real key (or a forged one) and differs from a
 * good token in exactly one respect. The control case proves the forging itself is sound, so a 401 is the rule's doing.
 */
const attackerKey = (alg: 'ES256' | 'EdDSA') =>
  (alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519')).privateKey;

// EdDSA is verified by jose rather than jsonwebtoken; the same attacks must fail the same way on both paths.
describe.each(['ES256', 'EdDSA'] as const)('access token verification rules (%s)', (alg) => {
  let t: TestApp;
  let key: KeyObject;
  let header: Record<string, unknown>;
  let claims: Record<string, unknown>;
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    t = await startApp({ JWT_ALG: alg });
    key = readNewestKey(join(t.dir, 'keys'), alg) as KeyObject;
    const u = await t.user();
    header = decodeSegment(u.accessToken, 0);
    claims = decodeSegment(u.accessToken, 1);
  });
  afterAll(() => t.close());

  const call = (token: string) => t.http().get('/auth/me').set('Authorization', `Bearer ${token}`);
  const expectRefused = async (token: string) => {
    const res = await call(token);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="gatehouse", error="invalid_token"');
    expect(res.body.code).toBe('AUTH_TOKEN_INVALID');
  };

  it('accepts a correctly re-signed token (control)', async () => {
    expect((await call(signCompact(header, { ...claims, exp: now() + 60 }, key))).status).toBe(200);
  });

  it.each([
    ['typ JWT', { typ: 'JWT' }],
    ['no typ', { typ: undefined }],
    ['an unknown crit extension', { crit: ['urn:example:must-understand'], 'urn:example:must-understand': true }],
    ['a jku pointing elsewhere', { jku: 'http://127.0.0.1:1/jwks.json' }],
    ['an x5u', { x5u: 'http://127.0.0.1:1/cert.pem' }],
    ['an x5c chain', { x5c: ['MIIBkTCB+wIJAK'] }],
    ['an unknown kid', { kid: 'not-a-key-we-know' }],
    ['no kid', { kid: undefined }],
  ])('refuses a token with %s even when signed with the real key', async (_name, change) => {
    await expectRefused(signCompact({ ...header, ...change }, claims, key));
  });

  it('refuses a token that carries its own verification key (embedded jwk)', async () => {
    const attacker = attackerKey(alg);
    const jwk = createPublicKey(attacker).export({ format: 'jwk' }) as JWK;
    const kid = await calculateJwkThumbprint(jwk);
    await expectRefused(signCompact({ alg, typ: 'at+jwt', kid, jwk }, claims, attacker));
    // Same attacker key naming our kid: the signature does not match the key we hold.
    await expectRefused(signCompact(header, { ...claims, roles: ['admin'] }, attacker));
  });

  it('refuses alg none and HS256 keyed with the public key (algorithm confusion)', async () => {
    await expectRefused(signCompact({ ...header, alg: 'none' }, claims));
    const publicPem = Buffer.from(createPublicKey(key).export({ format: 'pem', type: 'spki' }) as string);
    await expectRefused(signCompact({ ...header, alg: 'HS256' }, claims, publicPem));
    // The other asymmetric algorithm, signed with a key of its own kind, is refused too: the alg is pinned.
    const other = alg === 'ES256' ? 'EdDSA' : 'ES256';
    await expectRefused(signCompact({ ...header, alg: other }, claims, attackerKey(other)));
  });

  it('refuses a payload changed after signing', async () => {
    const [h, , s] = signCompact(header, claims, key).split('.');
    const escalated = Buffer.from(JSON.stringify({ ...claims, roles: ['admin'] })).toString('base64url');
    await expectRefused(`${h}.${escalated}.${s}`);
  });

  it('requires exp, with at most 5 s of clock tolerance', async () => {
    const { exp: _exp, ...withoutExp } = claims;
    await expectRefused(signCompact(header, withoutExp, key));
    await expectRefused(signCompact(header, { ...claims, exp: String(now() + 60) }, key));
    await expectRefused(signCompact(header, { ...claims, exp: now() - 8 }, key));
    expect((await call(signCompact(header, { ...claims, exp: now() - 2 }, key))).status).toBe(200);
  });

  it('honours nbf, with the same tolerance', async () => {
    await expectRefused(signCompact(header, { ...claims, exp: now() + 120, nbf: now() + 60 }, key));
    expect((await call(signCompact(header, { ...claims, exp: now() + 120, nbf: now() + 2 }, key))).status).toBe(200);
  });

  it('checks iss and aud', async () => {
    await expectRefused(signCompact(header, { ...claims, iss: 'someone-else' }, key));
    await expectRefused(signCompact(header, { ...claims, aud: 'another-api' }, key));
  });

  it('refuses malformed tokens with a 401, never a 500', async () => {
    for (const junk of [
      'a.b',
      'a.b.c',
      '..',
      `${'x'.repeat(5000)}.y.z`,
      `${Buffer.from(JSON.stringify({ alg, typ: 'at+jwt' })).toString('base64url')}.e30.`,
      'a.b.c.d.e',
    ]) {
      await expectRefused(junk);
    }
  });
});

describe('access token verification rules (HS256)', () => {
  let t: TestApp;
  const secret = 'another test secret long enough for HS256!';
  beforeAll(async () => {
    t = await startApp({ JWT_ALG: 'HS256', JWT_SECRET: secret });
  });
  afterAll(() => t.close());

  it('refuses asymmetric and unsigned tokens when HS256 is pinned', async () => {
    const u = await t.user();
    const header = decodeSegment(u.accessToken, 0);
    const claims = decodeSegment(u.accessToken, 1);
    const call = (token: string) => t.http().get('/auth/me').set('Authorization', `Bearer ${token}`);
    expect((await call(signCompact(header, claims, Buffer.from(secret)))).status).toBe(200);
    const attacker = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect((await call(signCompact({ ...header, alg: 'ES256' }, claims, attacker.privateKey))).status).toBe(401);
    expect((await call(signCompact({ ...header, alg: 'none' }, claims))).status).toBe(401);
    expect((await call(signCompact(header, claims, Buffer.from('a different secret of enough length!!')))).status).toBe(401);
  });
});
