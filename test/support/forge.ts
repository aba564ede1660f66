import { createHmac, createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JwtAlgorithm } from '../../src/config/index.js';
import { decodeSegment, type TestApp } from './test-app.js';

/**
 * Forging access tokens from outside the app, the way an attacker (or a thief of the key folder) would: any header
 * and payload, signed by hand, so a test can build what a careful JOSE library refuses to produce (alg none, crit,
 * key-bearing headers, non-JSON segments). Nothing here reads app internals: keys come from JWT_KEYS_DIR or the config.
 */

/** The answer to every refused token (`AuthorizationErrors.tokenInvalid`). */
export const INVALID_TOKEN_CHALLENGE = 'Bearer realm="gatehouse", error="invalid_token"';

/** base64url of a JSON value, a string taken as-is (for pre-encoded or malformed segments), or raw bytes. */
export function b64(value: unknown): string {
  if (Buffer.isBuffer(value)) return value.toString('base64url');
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

/** Signs a JWS signing input (`header.payload`) and returns the raw signature bytes. */
export type Signer = (signingInput: string) => Buffer;

/** A compact JWS from any header and payload; without a signer the signature is empty (the shape of alg none). */
export function forge(header: unknown, payload: unknown, signer?: Signer): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${signer ? signer(input).toString('base64url') : ''}`;
}

export type ForgeAlgorithm = JwtAlgorithm | 'HS384' | 'HS512';

/**
 * The signer of an algorithm with a key: an HMAC secret (string, bytes or KeyObject; a public key's bytes for the
 * confusion attack) for HS*, a private KeyObject otherwise. ES256 signatures are the raw r||s form (RFC 7518 §3.4).
 */
export function signerFor(alg: ForgeAlgorithm, key: KeyObject | Buffer | string): Signer {
  if (alg.startsWith('HS')) {
    const hash = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg as 'HS256' | 'HS384' | 'HS512'];
    return (input) => createHmac(hash, key).update(input).digest();
  }
  if (typeof key === 'string' || Buffer.isBuffer(key)) throw new Error(`${alg} needs a private KeyObject`);
  if (alg === 'ES256') return (input) => sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  if (alg === 'RS256') return (input) => sign('sha256', Buffer.from(input), key);
  return (input) => sign(null, Buffer.from(input), key);
}

/** The private key files (not activation markers) in a keys folder, oldest first; only those of `alg` when given. */
export function keyFiles(keysDir: string, alg?: JwtAlgorithm): string[] {
  const createdMs = (file: string) => Number(/-(\d+)\./.exec(file)?.[1]);
  return readdirSync(keysDir)
    .filter((file) => /^(HS256|RS256|ES256|EdDSA)-\d+\.(pem|secret)$/.test(file) && (!alg || file.startsWith(`${alg}-`)))
    .sort((a, b) => createdMs(a) - createdMs(b));
}

/**
 * Signs with the app's own newest key for its configured algorithm (JWT_SECRET for HS256 when set, else the newest
 * key file): lets a test sign claims the app would trust, so a refusal comes from the one thing the test changed.
 */
export function serverSigner(t: TestApp): Signer {
  const { algorithm, secret, keysDir } = t.config.jwt;
  if (algorithm === 'HS256' && secret) return signerFor(algorithm, Buffer.from(secret, 'utf8'));
  const newest = keyFiles(keysDir, algorithm).at(-1);
  if (!newest) throw new Error(`no ${algorithm} key in ${keysDir}`);
  const raw = readFileSync(join(keysDir, newest), 'utf8');
  return signerFor(algorithm, algorithm === 'HS256' ? Buffer.from(raw.trim(), 'base64url') : createPrivateKey(raw));
}

export interface RealToken {
  token: string;
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  refreshToken: string;
}

/** Logs a fresh user in and returns the genuine tokens with their decoded header and claims. */
export async function realToken(t: TestApp): Promise<RealToken> {
  const u = await t.user();
  return {
    token: u.accessToken,
    header: decodeSegment(u.accessToken, 0),
    claims: decodeSegment(u.accessToken, 1),
    refreshToken: u.refreshToken,
  };
}

/**
 * Valid claims for the user of a real token: its claims with a fresh iat/exp, then the overrides. An override of
 * `undefined` drops the claim (JSON has no undefined).
 */
export function freshClaims(base: Record<string, unknown>, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return { ...base, iat: now, exp: now + 300, ...overrides };
}

/** GET /auth/verify (no database, pure token checks) with a raw Authorization value. */
export function verifyWith(t: TestApp, token: string) {
  return t.http().get('/auth/verify').set('Authorization', `Bearer ${token}`);
}

/** A token refused the way every bad token is: 401 invalid_token, AUTH_TOKEN_INVALID, and no forward-auth headers. */
export async function expectRefused(t: TestApp, token: string): Promise<void> {
  const res = await verifyWith(t, token);
  expect(res.status).toBe(401);
  expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', code: 'AUTH_TOKEN_INVALID' });
  expect(res.headers['www-authenticate']).toBe(INVALID_TOKEN_CHALLENGE);
  expect(res.headers['x-auth-user-id']).toBeUndefined();
}
