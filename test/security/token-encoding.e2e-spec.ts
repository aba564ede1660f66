import { randomBytes } from 'node:crypto';
import { CompactEncrypt, compactDecrypt } from 'jose';
import { forge, serverSigner, type Signer } from '../support/forge.js';
import { decodeSegment, startApp, type TestApp } from '../support/test-app.js';

/**
 * A base64url segment has exactly one canonical spelling (RFC 7515 §2, RFC 4648 §5: no padding, URL alphabet, zero
 * trailing bits). Lenient decoders accept other spellings of the same bytes, so a token could be re-spelled into
 * many distinct strings that all verify: every such spelling must be refused, for every algorithm and for JWE.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The same bytes, spelled non-canonically in each way a lenient decoder forgives. */
function respellings(segment: string): Array<[string, string]> {
  const spellings: Array<[string, string]> = [];
  // A length that is a multiple of 4 has neither padding nor spare bits: only the alphabet can vary.
  if (segment.length % 4 !== 0) {
    const last = ALPHABET.indexOf(segment.at(-1)!);
    spellings.push(['with = padding', segment + '='.repeat(4 - (segment.length % 4))]);
    spellings.push(['with non-zero trailing bits', segment.slice(0, -1) + ALPHABET[last ^ 1]]);
  }
  if (/[-_]/.test(segment)) spellings.push(['in the + / alphabet', segment.replace(/-/g, '+').replace(/_/g, '/')]);
  return spellings;
}

const withSegment = (token: string, index: number, segment: string) => {
  const parts = token.split('.');
  parts[index] = segment;
  return parts.join('.');
};

function expectAllThreeSpellings(segment: string): void {
  // Guards the test itself: each respelling decodes to the very same bytes, so only canonical form can tell them apart.
  const spellings = respellings(segment);
  expect(spellings.map(([name]) => name)).toEqual(['with = padding', 'with non-zero trailing bits', 'in the + / alphabet']);
  for (const [, spelled] of spellings) expect(Buffer.from(spelled, 'base64').equals(Buffer.from(segment, 'base64url'))).toBe(true);
}

const HS256_SECRET = 'a test secret that is long enough for HS256 use';
const setups: Array<[string, Record<string, string>]> = [
  ['HS256', { JWT_ALG: 'HS256', JWT_SECRET: HS256_SECRET }],
  ['RS256', { JWT_ALG: 'RS256' }],
  ['ES256', { JWT_ALG: 'ES256' }],
  ['EdDSA', { JWT_ALG: 'EdDSA' }],
];

describe.each(setups)('non-canonical base64url signatures (%s)', (_alg, env) => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startApp(env);
    const u = await t.user();
    const signer = serverSigner(t);
    const header = decodeSegment(u.accessToken, 0);
    const claims = decodeSegment(u.accessToken, 1);
    // A real signature by the app's own key, re-signed until it has a - or _ to re-spell (RSA and EdDSA are deterministic).
    for (let i = 0; !/[-_]/.test(token?.split('.')[2] ?? ''); i++) token = forge(header, { ...claims, jti: `${String(claims.jti)}-${i}` }, signer);
  });
  afterAll(() => t.close());

  it('accepts the canonical spelling (control)', async () => {
    expect((await t.http().get('/auth/me').set('Authorization', `Bearer ${token}`)).status).toBe(200);
  });

  it('refuses the same signature spelled with padding, + or /, or non-zero trailing bits', async () => {
    const signature = token.split('.')[2];
    expectAllThreeSpellings(signature);
    for (const [name, spelled] of respellings(signature)) {
      const res = await t
        .http()
        .get('/auth/verify')
        .set('Authorization', `Bearer ${withSegment(token, 2, spelled)}`);
      expect({ name, status: res.status, code: res.body.code }).toEqual({ name, status: 401, code: 'AUTH_TOKEN_INVALID' });
    }
  });
});

describe('non-canonical base64url in encrypted tokens (JWE)', () => {
  const encryptionKey = randomBytes(32);
  let t: TestApp;
  let inner: string;
  let signer: Signer;
  const call = (token: string) => t.http().get('/auth/me').set('Authorization', `Bearer ${token}`);
  const seal = (jws: string) =>
    new CompactEncrypt(Buffer.from(jws)).setProtectedHeader({ alg: 'dir', enc: 'A256GCM', cty: 'JWT' }).encrypt(encryptionKey);

  beforeAll(async () => {
    t = await startApp({ JWT_ENCRYPTION_KEY: encryptionKey.toString('base64url') });
    const u = await t.user();
    inner = new TextDecoder().decode((await compactDecrypt(u.accessToken, encryptionKey)).plaintext);
    signer = serverSigner(t);
  });
  afterAll(() => t.close());

  it('refuses an envelope whose authentication tag or ciphertext is re-spelled', async () => {
    let jwe = await seal(inner);
    while (!/[-_]/.test(jwe.split('.')[4])) jwe = await seal(inner);
    expect((await call(jwe)).status).toBe(200);
    for (const index of [3, 4]) {
      const segment = jwe.split('.')[index];
      for (const [name, spelled] of respellings(segment)) {
        const res = await call(withSegment(jwe, index, spelled));
        expect({ index, name, status: res.status }).toEqual({ index, name, status: 401 });
      }
    }
  });

  it('refuses a well-sealed envelope around a signature that is re-spelled', async () => {
    const header = decodeSegment(inner, 0);
    const claims = decodeSegment(inner, 1);
    let jws = '';
    for (let i = 0; !/[-_]/.test(jws.split('.')[2] ?? ''); i++) jws = forge(header, { ...claims, jti: `${String(claims.jti)}-${i}` }, signer);
    expect((await call(await seal(jws))).status).toBe(200);
    const signature = jws.split('.')[2];
    expectAllThreeSpellings(signature);
    for (const [name, spelled] of respellings(signature)) {
      const res = await call(await seal(withSegment(jws, 2, spelled)));
      expect({ name, status: res.status }).toEqual({ name, status: 401 });
    }
  });
});
