import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import {
  b64,
  expectRefused,
  forge,
  freshClaims,
  realToken,
  serverSigner,
  signerFor,
  verifyWith,
  type RealToken,
  type Signer,
} from '../support/forge.js';
import { startApp, type TestApp } from '../support/test-app.js';

/** A key of the attacker's own, of the kind an algorithm wants. */
const attackerKey = (alg: 'ES256' | 'EdDSA') =>
  (alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519')).privateKey;

// RFC 8725 / OWASP JWT attacks against the default ES256 configuration, and against EdDSA, whose tokens are verified
// by jose instead of jsonwebtoken. Every forged token must get a clean 401: never 200 (accepted) and never 500
// (a check that crashed instead of refusing), with the invalid_token challenge and code AUTH_TOKEN_INVALID. Each
// server-signed token differs from a good one in one respect, and the controls show such tokens are otherwise accepted.
describe.each(['ES256', 'EdDSA'] as const)('JWT forgery attacks (%s)', (alg) => {
  let t: TestApp;
  let real: RealToken;
  let serverSign: Signer;
  const signWithServerKey = (header: unknown, payload: unknown) => forge(header, payload, serverSign);
  const goodHeader = () => ({ ...real.header });

  beforeAll(async () => {
    t = await startApp({ JWT_ALG: alg });
    real = await realToken(t);
    serverSign = serverSigner(t);
  });
  afterAll(() => t.close());

  const expectRejected = (token: string) => expectRefused(t, token);

  describe('controls: the forging helpers make tokens the server accepts', () => {
    it('accepts the genuine token', async () => {
      expect((await verifyWith(t, real.token)).status).toBe(200);
    });

    it('accepts a token the test signs with the server key and valid claims', async () => {
      const res = await verifyWith(t, signWithServerKey(goodHeader(), freshClaims(real.claims)));
      expect(res.status).toBe(200);
      expect(res.body.sub).toBe(real.claims.sub);
    });
  });

  describe('alg none and broken signatures', () => {
    const casings = ['none', 'None', 'NONE', 'nOnE'];
    it.each(casings)('refuses alg "%s" with an empty signature', async (alg) => {
      await expectRejected(`${b64({ ...goodHeader(), alg })}.${b64(real.claims)}.`);
    });

    it.each(casings)('refuses alg "%s" carrying the original signature', async (alg) => {
      const signature = real.token.split('.')[2];
      await expectRejected(`${b64({ ...goodHeader(), alg })}.${b64(real.claims)}.${signature}`);
    });

    it('refuses a stripped signature (trailing dot) and a missing one (two segments)', async () => {
      const [h, p] = real.token.split('.');
      await expectRejected(`${h}.${p}.`);
      await expectRejected(`${h}.${p}`);
    });

    it('refuses edited claims (admin role, another subject, later exp) under the old signature', async () => {
      const [h, , s] = real.token.split('.');
      await expectRejected(`${h}.${b64({ ...real.claims, roles: ['admin'] })}.${s}`);
      await expectRejected(`${h}.${b64({ ...real.claims, sub: '00000000-0000-4000-8000-000000000000' })}.${s}`);
      await expectRejected(`${h}.${b64({ ...real.claims, exp: Number(real.claims.exp) + 86400 })}.${s}`);
    });

    // For ES256 this is r = s = 0 (CVE-2022-21449, "psychic signatures"); Ed25519 signatures are 64 bytes too.
    it('refuses an all-zero 64-byte signature', async () => {
      const input = `${b64(goodHeader())}.${b64(freshClaims(real.claims, { roles: ['admin'] }))}`;
      await expectRejected(`${input}.${Buffer.alloc(64).toString('base64url')}`);
    });

    // ECDSA-specific: a signature encoding an EdDSA token does not have.
    if (alg === 'ES256') {
      it('refuses a DER-encoded ECDSA signature in place of the raw r||s form', async () => {
        const [h, p, s] = real.token.split('.');
        const raw = Buffer.from(s, 'base64url');
        // A DER SEQUENCE of two INTEGERs: what a confused verifier might also accept.
        const int = (b: Buffer) =>
          b[0] & 0x80 ? Buffer.concat([Buffer.from([0x02, b.length + 1, 0]), b]) : Buffer.concat([Buffer.from([0x02, b.length]), b]);
        const body = Buffer.concat([int(raw.subarray(0, 32)), int(raw.subarray(32))]);
        await expectRejected(`${h}.${p}.${Buffer.concat([Buffer.from([0x30, body.length]), body]).toString('base64url')}`);
      });
    }
  });

  it('refuses the same forgeries on database-backed and admin routes, not only on /auth/verify', async () => {
    const [h, , s] = real.token.split('.');
    const forged = [
      `${b64({ ...goodHeader(), alg: 'none' })}.${b64({ ...real.claims, roles: ['admin'] })}.`,
      `${h}.${b64({ ...real.claims, roles: ['admin'] })}.${s}`,
    ];
    for (const token of forged) {
      for (const path of ['/auth/me', '/users', '/auth/sessions']) {
        const res = await t.http().get(path).set('Authorization', `Bearer ${token}`);
        expect(res.status).toBe(401);
      }
    }
  });

  describe('HS256 signed with the server public key (algorithm confusion)', () => {
    let publicKey: KeyObject;
    beforeAll(async () => {
      const jwks = await t.http().get('/.well-known/jwks.json');
      expect(jwks.status).toBe(200);
      publicKey = createPublicKey({ key: jwks.body.keys[0], format: 'jwk' });
    });

    const forms: Array<[string, () => string | Buffer]> = [
      ['PEM (SPKI)', () => publicKey.export({ format: 'pem', type: 'spki' })],
      ['DER (SPKI)', () => publicKey.export({ format: 'der', type: 'spki' })],
      ['JWK JSON', () => JSON.stringify(publicKey.export({ format: 'jwk' }))],
    ];
    it.each(forms)('refuses HS256 keyed with the public key as %s', async (_name, secret) => {
      await expectRejected(forge({ ...goodHeader(), alg: 'HS256' }, freshClaims(real.claims, { roles: ['admin'] }), signerFor('HS256', secret())));
    });

    it('refuses the other asymmetric algorithm, signed with a key of its kind (the algorithm is pinned)', async () => {
      const other = alg === 'ES256' ? 'EdDSA' : 'ES256';
      await expectRejected(forge({ ...goodHeader(), alg: other }, freshClaims(real.claims), signerFor(other, attackerKey(other))));
    });
  });

  describe('header rules (validly signed with the server key)', () => {
    it('refuses typ JWT and a missing typ', async () => {
      await expectRejected(signWithServerKey({ ...goodHeader(), typ: 'JWT' }, freshClaims(real.claims)));
      const { typ: _typ, ...noTyp } = goodHeader();
      await expectRejected(signWithServerKey(noTyp, freshClaims(real.claims)));
    });

    it('refuses an unknown critical header parameter', async () => {
      const header = { ...goodHeader(), crit: ['urn:attacker:ignore-me'], 'urn:attacker:ignore-me': true };
      await expectRejected(signWithServerKey(header, freshClaims(real.claims)));
    });

    it('refuses a kid the server does not know and a missing kid', async () => {
      await expectRejected(signWithServerKey({ ...goodHeader(), kid: 'not-a-key' }, freshClaims(real.claims)));
      const { kid: _kid, ...noKid } = goodHeader();
      await expectRejected(signWithServerKey(noKid, freshClaims(real.claims)));
    });

    // The signature is good: only the header's offer of another key is wrong (attacker keys: key-injection.e2e-spec).
    it.each([
      ['a jku pointing elsewhere', { jku: 'http://127.0.0.1:1/jwks.json' }],
      ['an x5u', { x5u: 'http://127.0.0.1:1/cert.pem' }],
      ['an x5c chain', { x5c: ['MIIBkTCB+wIJAK'] }],
    ])('refuses a header with %s', async (_name, change) => {
      await expectRejected(signWithServerKey({ ...goodHeader(), ...change }, freshClaims(real.claims)));
    });
  });

  describe('claim rules (validly signed with the server key)', () => {
    const now = () => Math.floor(Date.now() / 1000);

    it('refuses a token without exp', async () => {
      const { exp: _exp, ...claims } = freshClaims(real.claims);
      await expectRejected(signWithServerKey(goodHeader(), claims));
    });

    // auth_time moves with iat: a token cannot have been issued before the login it records (that alone refuses it).
    it('refuses an exp in the past beyond the 5 s tolerance, and accepts one 2 s past', async () => {
      await expectRejected(signWithServerKey(goodHeader(), freshClaims(real.claims, { iat: now() - 120, auth_time: now() - 120, exp: now() - 30 })));
      await expectRejected(signWithServerKey(goodHeader(), freshClaims(real.claims, { iat: now() - 120, auth_time: now() - 120, exp: now() - 8 })));
      expect(
        (await verifyWith(t, signWithServerKey(goodHeader(), freshClaims(real.claims, { iat: now() - 120, auth_time: now() - 120, exp: now() - 2 }))))
          .status,
      ).toBe(200);
    });

    it('refuses a nbf in the future beyond the same tolerance, and accepts one 2 s ahead', async () => {
      await expectRejected(signWithServerKey(goodHeader(), freshClaims(real.claims, { nbf: now() + 3600 })));
      await expectRejected(signWithServerKey(goodHeader(), freshClaims(real.claims, { nbf: now() + 60 })));
      expect((await verifyWith(t, signWithServerKey(goodHeader(), freshClaims(real.claims, { nbf: now() + 2 })))).status).toBe(200);
    });

    it('refuses a wrong iss and a wrong or missing aud', async () => {
      await expectRejected(signWithServerKey(goodHeader(), freshClaims(real.claims, { iss: 'https://attacker.example' })));
      await expectRejected(signWithServerKey(goodHeader(), freshClaims(real.claims, { aud: 'another-api' })));
      await expectRejected(signWithServerKey(goodHeader(), freshClaims(real.claims, { aud: ['another-api'] })));
      const { aud: _aud, ...noAud } = freshClaims(real.claims);
      await expectRejected(signWithServerKey(goodHeader(), noAud));
    });

    it('refuses claims of the wrong type (string exp, unknown role, roles as a string)', async () => {
      await expectRejected(signWithServerKey(goodHeader(), freshClaims(real.claims, { exp: String(now() + 300) })));
      await expectRejected(signWithServerKey(goodHeader(), freshClaims(real.claims, { roles: ['root'] })));
      await expectRejected(signWithServerKey(goodHeader(), freshClaims(real.claims, { roles: 'admin' })));
    });
  });

  describe('malformed tokens', () => {
    it('refuses a refresh token used as an access token', async () => {
      await expectRejected(real.refreshToken);
    });

    it('refuses malformed base64 in each segment', async () => {
      const [h, p, s] = real.token.split('.');
      await expectRejected(`%%%.${p}.${s}`);
      await expectRejected(`${h}.***.${s}`);
      await expectRejected(`${h}.${p}.!!!`);
      await expectRejected(`${h}.${p}.${s}$`);
    });

    it.each([1, 2, 4, 5])('refuses a token with %i segment(s)', async (count) => {
      const parts = real.token.split('.');
      const segments = Array.from({ length: count }, (_, i) => parts[i % 3]);
      await expectRejected(segments.join('.'));
    });

    it('refuses junk in the shape of a token', async () => {
      for (const junk of ['a.b', 'a.b.c', `${'x'.repeat(5000)}.y.z`, `${b64({ alg, typ: 'at+jwt' })}.e30.`, 'a.b.c.d.e']) {
        await expectRejected(junk);
      }
    });

    it('refuses an empty bearer value and a lone dot pair', async () => {
      const res = await t.http().get('/auth/verify').set('Authorization', 'Bearer ');
      expect(res.status).toBe(401);
      await expectRejected('..');
    });

    it.each([
      ['an array', []],
      ['a number', 42],
      ['a string', 'hello'],
      ['null', null],
    ])('refuses a header that is %s', async (_name, header) => {
      await expectRejected(signWithServerKey(header, freshClaims(real.claims)));
    });

    it.each([
      ['an array', () => [freshClaims(real.claims)]],
      ['a number', () => 42],
      ['a string', () => 'hello'],
      ['null', () => null],
      ['true', () => true],
    ])('refuses a validly signed payload that is %s', async (_name, payload) => {
      await expectRejected(signWithServerKey(goodHeader(), payload()));
    });

    it('answers an 80 kB token with a clean 4xx, never 200 or 500', async () => {
      const huge = `${b64(goodHeader())}.${'A'.repeat(80 * 1024)}.${real.token.split('.')[2]}`;
      // Node's HTTP parser refuses headers over 16 kB with 431 before the app sees them.
      const res = await verifyWith(t, huge);
      expect(res.status).toBe(431);
      // Below that limit the app itself answers, with a 401.
      await expectRejected(`${b64(goodHeader())}.${'A'.repeat(12 * 1024)}.${real.token.split('.')[2]}`);
      expect((await verifyWith(t, real.token)).status).toBe(200);
    });
  });

  describe('credentials of the wrong type on login', () => {
    it.each([
      ['an operator object as email', { email: { $ne: null }, password: 'x' }],
      ['an operator object as password', { email: 'admin@gatehouse.test', password: { $gt: '' } }],
      ['arrays', { email: ['admin@gatehouse.test'], password: ['x'] }],
      ['a number password', { email: 'admin@gatehouse.test', password: 12345678 }],
    ])('answers 400 for %s', async (_name, body) => {
      const res = await t.http().post('/auth/login').send(body);
      expect(res.status).toBe(400);
      expect(res.body.accessToken).toBeUndefined();
    });
  });
});
