import { createHmac, createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestApp } from '../../support/test-app.js';
import { decodeSegment } from '../../support/test-app.js';

/** base64url of a JSON value, a string taken as-is, or raw bytes. */
export function b64(value: unknown): string {
  if (Buffer.isBuffer(value)) return value.toString('base64url');
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

export type Signer = (signingInput: string) => Buffer;

/** A compact JWS from any header and payload (objects, or pre-encoded strings for malformed cases). */
export function forge(header: unknown, payload: unknown, signer: Signer): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${signer(input).toString('base64url')}`;
}

export const hmac =
  (hash: 'sha256' | 'sha384' | 'sha512', secret: string | Buffer | KeyObject): Signer =>
  (input) =>
    createHmac(hash, secret).update(input).digest();

/** ES256 wants the raw r||s form (RFC 7518 §3.4), not DER. */
export const es256 =
  (key: KeyObject): Signer =>
  (input) =>
    sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });

export const rs256 =
  (key: KeyObject): Signer =>
  (input) =>
    sign('sha256', Buffer.from(input), key);

export const eddsa =
  (key: KeyObject): Signer =>
  (input) =>
    sign(null, Buffer.from(input), key);

/** The signer for the server's own asymmetric algorithm. */
export const signerFor = (alg: 'ES256' | 'EdDSA', key: KeyObject): Signer => (alg === 'ES256' ? es256(key) : eddsa(key));

/** The server's own newest private key, read from its JWT_KEYS_DIR: lets a test sign claims the server would trust. */
export function serverPrivateKey(t: TestApp): KeyObject {
  const dir = t.config.jwt.keysDir;
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.pem'))
    .sort();
  return createPrivateKey(readFileSync(join(dir, files[files.length - 1]), 'utf8'));
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

/** Claims that pass every check, with a fresh iat/exp. */
export function freshClaims(base: Record<string, unknown>, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return { ...base, iat: now, exp: now + 300, ...overrides };
}

/** GET /auth/verify (no database, pure token checks) with a raw Authorization value. */
export function verifyWith(t: TestApp, token: string) {
  return t.http().get('/auth/verify').set('Authorization', `Bearer ${token}`);
}
