import { JwtService } from '@nestjs/jwt';
import { createHmac, createSecretKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import type { JwtAlgorithm, JwtConfig } from '../config/index.js';
import { signEdDsa } from './eddsa-access-token.js';
import { verifyCompactJws } from './compact-jws.js';
import { toSigningKey, type SigningKey } from './keys/signing-key.js';

const jwt = { issuer: 'gatehouse', audience: 'gatehouse-api', clockToleranceSeconds: 5, accessTtlSeconds: 900 } as JwtConfig;
const NOW = 1_900_000_000;

async function keyFor(alg: JwtAlgorithm): Promise<SigningKey> {
  if (alg === 'HS256') return toSigningKey(alg, createSecretKey(randomBytes(32)), 0);
  const pair =
    alg === 'ES256'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : alg === 'EdDSA'
        ? generateKeyPairSync('ed25519')
        : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return toSigningKey(alg, pair.privateKey, 0);
}

/** Signed the way AccessTokenService signs: JwtService, or jose for EdDSA. */
async function sign(key: SigningKey, claims: Record<string, unknown> = {}): Promise<string> {
  const times = { iat: NOW, exp: NOW + 900 };
  if (key.alg === 'EdDSA' && Object.keys(claims).length === 0) {
    return signEdDsa(key, jwt, { payload: { sid: 's', roles: ['user'] }, subject: 'u', jwtId: 'j', ...times });
  }
  return new JwtService({}).sign(
    { sid: 's', roles: ['user'], iss: jwt.issuer, aud: jwt.audience, sub: 'u', jti: 'j', ...times, ...claims },
    // jsonwebtoken has no EdDSA: the other algorithms' tokens exercise the claim rules.
    {
      privateKey: key.privateKey as unknown as string,
      algorithm: key.alg === 'EdDSA' ? 'ES256' : key.alg,
      header: { alg: key.alg, typ: 'at+jwt', kid: key.kid },
    },
  );
}

const at = (seconds: number) => seconds * 1000;

/** An HS256 token with any payload at all (jsonwebtoken refuses to sign some of the claims these tests need). */
function rawHs256(key: SigningKey, claims: Record<string, unknown>, body?: string): string {
  const b64 = (text: string) => Buffer.from(text).toString('base64url');
  const payload = { sid: 's', roles: ['user'], iss: jwt.issuer, aud: jwt.audience, sub: 'u', jti: 'j', iat: NOW, exp: NOW + 900, ...claims };
  const input = `${b64(JSON.stringify({ alg: 'HS256', typ: 'at+jwt', kid: key.kid }))}.${b64(body ?? JSON.stringify(payload))}`;
  return `${input}.${createHmac('sha256', key.verifyKey).update(input).digest('base64url')}`;
}

describe.each(['HS256', 'ES256', 'RS256', 'EdDSA'] as JwtAlgorithm[])('verifyCompactJws %s', (alg) => {
  let key: SigningKey;
  let other: SigningKey;
  beforeAll(async () => {
    key = await keyFor(alg);
    other = await keyFor(alg);
  });

  it('accepts a token the server signed and returns every claim', async () => {
    const payload = verifyCompactJws(await sign(key), key, jwt, at(NOW));
    expect(payload).toMatchObject({ sub: 'u', sid: 's', jti: 'j', roles: ['user'], iss: 'gatehouse', aud: 'gatehouse-api' });
  });

  it('refuses another key, a changed payload and a cut or padded signature', async () => {
    const token = await sign(key);
    const [h, p, s] = token.split('.');
    const changed = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), roles: ['admin'] })).toString('base64url');
    expect(verifyCompactJws(token, other, jwt, at(NOW))).toBeUndefined();
    expect(verifyCompactJws(`${h}.${changed}.${s}`, key, jwt, at(NOW))).toBeUndefined();
    expect(verifyCompactJws(`${h}.${p}.${s.slice(0, -4)}`, key, jwt, at(NOW))).toBeUndefined();
    expect(verifyCompactJws(`${h}.${p}.${s}AAAA`, key, jwt, at(NOW))).toBeUndefined();
    expect(verifyCompactJws(`${h}.${p}.`, key, jwt, at(NOW))).toBeUndefined();
  });
});

describe('verifyCompactJws registered claims', () => {
  let key: SigningKey;
  beforeAll(async () => {
    key = await keyFor('HS256');
  });

  it('expires at exp + tolerance, as jsonwebtoken did', async () => {
    const token = await sign(key);
    expect(verifyCompactJws(token, key, jwt, at(NOW + 900 + 4))).toBeDefined();
    expect(verifyCompactJws(token, key, jwt, at(NOW + 900 + 5))).toBeUndefined();
  });

  it('honours nbf within the tolerance', async () => {
    const token = await sign(key, { nbf: NOW + 60 });
    expect(verifyCompactJws(token, key, jwt, at(NOW + 54))).toBeUndefined();
    expect(verifyCompactJws(token, key, jwt, at(NOW + 55))).toBeDefined();
  });

  it.each([
    ['another issuer', { iss: 'elsewhere' }],
    ['no issuer', { iss: undefined }],
    ['another audience', { aud: 'other-api' }],
    ['an audience list without ours', { aud: ['a', 'b'] }],
    ['no exp', { exp: undefined }],
    ['a string exp', { exp: String(NOW + 900) }],
    ['a string nbf', { nbf: String(NOW) }],
    ['a string iat', { iat: String(NOW) }],
  ])('refuses %s', (_name, claims) => {
    expect(verifyCompactJws(rawHs256(key, claims), key, jwt, at(NOW))).toBeUndefined();
  });

  it('accepts an audience list that holds ours', async () => {
    expect(verifyCompactJws(await sign(key, { aud: ['other', 'gatehouse-api'] }), key, jwt, at(NOW))).toBeDefined();
  });

  it('refuses a payload that is not a JSON object', () => {
    expect(verifyCompactJws(rawHs256(key, {}), key, jwt, at(NOW))).toBeDefined();
    for (const body of ['[1]', '"x"', 'null', '{bad']) expect(verifyCompactJws(rawHs256(key, {}, body), key, jwt, at(NOW)), body).toBeUndefined();
  });
});
