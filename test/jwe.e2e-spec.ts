import { randomBytes } from 'node:crypto';
import { CompactEncrypt, compactDecrypt, createLocalJWKSet, decodeProtectedHeader, jwtVerify, type CompactJWEHeaderParameters } from 'jose';
import { decodeSegment, startApp, type TestApp } from './support/test-app.js';
import { forge, serverSigner } from './support/forge.js';

const key = randomBytes(32);
const wrongKey = randomBytes(32);
const encrypt = (plaintext: string, k: Uint8Array, header: CompactJWEHeaderParameters = { alg: 'dir', enc: 'A256GCM', cty: 'JWT' }) =>
  new CompactEncrypt(new TextEncoder().encode(plaintext)).setProtectedHeader(header).encrypt(k);

describe('encrypted access tokens (JWT_ENCRYPTION_KEY)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ JWT_ENCRYPTION_KEY: key.toString('base64url') });
  });
  afterAll(() => t.close());

  const call = (token: string) => t.http().get('/auth/me').set('Authorization', `Bearer ${token}`);
  const expectRefused = async (token: string) => {
    const res = await call(token);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="gatehouse", error="invalid_token"');
  };

  it('issues a compact JWE (dir, A256GCM, cty JWT) around a JWS that verifies against JWKS', async () => {
    const u = await t.user();
    expect(u.accessToken.split('.')).toHaveLength(5);
    expect(decodeProtectedHeader(u.accessToken)).toEqual({ alg: 'dir', enc: 'A256GCM', cty: 'JWT' });
    expect((await call(u.accessToken)).status).toBe(200);

    const { plaintext } = await compactDecrypt(u.accessToken, key);
    const inner = new TextDecoder().decode(plaintext);
    const jwks = (await t.http().get('/.well-known/jwks.json')).body;
    const { payload, protectedHeader } = await jwtVerify(inner, createLocalJWKSet(jwks), {
      issuer: 'gatehouse',
      audience: 'gatehouse-api',
      typ: 'at+jwt',
      algorithms: ['ES256'],
    });
    expect(protectedHeader.kid).toBe(jwks.keys[0].kid);
    expect(payload.sub).toBe(u.id);
  });

  it('also encrypts refreshed tokens and serves /auth/verify with them', async () => {
    const u = await t.user();
    const refreshed = await t.http().post('/auth/refresh').send({ refreshToken: u.refreshToken });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.accessToken.split('.')).toHaveLength(5);
    const verify = await t.http().get('/auth/verify').set('Authorization', `Bearer ${refreshed.body.accessToken}`);
    expect(verify.status).toBe(200);
    expect(verify.headers['x-auth-user-id']).toBe(u.id);
  });

  it('refuses the bare inner JWS: encryption is not optional once configured', async () => {
    const u = await t.user();
    const inner = new TextDecoder().decode((await compactDecrypt(u.accessToken, key)).plaintext);
    await expectRefused(inner);
  });

  it('refuses a tampered ciphertext, tag or header', async () => {
    const parts = (await t.user()).accessToken.split('.');
    const flip = (segment: string) => {
      const bytes = Buffer.from(segment, 'base64url');
      bytes[0] ^= 1;
      return bytes.toString('base64url');
    };
    await expectRefused([...parts.slice(0, 3), flip(parts[3]), parts[4]].join('.'));
    await expectRefused([...parts.slice(0, 4), flip(parts[4])].join('.'));
    const otherHeader = Buffer.from(JSON.stringify({ alg: 'dir', enc: 'A256GCM', cty: 'jwt' })).toString('base64url');
    await expectRefused([otherHeader, ...parts.slice(1)].join('.'));
  });

  it('refuses a token encrypted under another key', async () => {
    const u = await t.user();
    const inner = new TextDecoder().decode((await compactDecrypt(u.accessToken, key)).plaintext);
    await expectRefused(await encrypt(inner, wrongKey));
  });

  it('refuses an unsigned or foreign-signed inner token even under the right key', async () => {
    const u = await t.user();
    const inner = new TextDecoder().decode((await compactDecrypt(u.accessToken, key)).plaintext);
    const header = decodeSegment(inner, 0);
    const claims = decodeSegment(inner, 1);
    await expectRefused(await encrypt(forge({ ...header, alg: 'none' }, { ...claims, roles: ['admin'] }), key));
    // Control: the same envelope around a correctly signed inner token is accepted.
    expect((await call(await encrypt(forge(header, claims, serverSigner(t)), key))).status).toBe(200);
  });

  it('refuses other content types and algorithms in the envelope', async () => {
    const inner = new TextDecoder().decode((await compactDecrypt((await t.user()).accessToken, key)).plaintext);
    await expectRefused(await encrypt(inner, key, { alg: 'dir', enc: 'A256GCM' }));
    await expectRefused(await encrypt(inner, key.subarray(0, 16), { alg: 'dir', enc: 'A128GCM', cty: 'JWT' }));
  });
});

describe('encryption off', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('issues a plain JWS and refuses a JWE', async () => {
    const u = await t.user();
    expect(u.accessToken.split('.')).toHaveLength(3);
    const res = await t
      .http()
      .get('/auth/me')
      .set('Authorization', `Bearer ${await encrypt(u.accessToken, key)}`);
    expect(res.status).toBe(401);
  });
});

describe('encrypted EdDSA tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ JWT_ALG: 'EdDSA', JWT_ENCRYPTION_KEY: key.toString('base64url') });
  });
  afterAll(() => t.close());

  it('round-trips, and the inner token verifies against JWKS', async () => {
    const u = await t.user();
    expect((await t.http().get('/auth/me').set('Authorization', u.auth)).status).toBe(200);
    const inner = new TextDecoder().decode((await compactDecrypt(u.accessToken, key)).plaintext);
    const jwks = (await t.http().get('/.well-known/jwks.json')).body;
    const { protectedHeader } = await jwtVerify(inner, createLocalJWKSet(jwks), {
      issuer: 'gatehouse',
      audience: 'gatehouse-api',
      typ: 'at+jwt',
      algorithms: ['EdDSA'],
    });
    expect(protectedHeader).toEqual({ alg: 'EdDSA', typ: 'at+jwt', kid: jwks.keys[0].kid });
    expect((await t.http().get('/auth/me').set('Authorization', `Bearer ${inner}`)).status).toBe(401);
  });
});
