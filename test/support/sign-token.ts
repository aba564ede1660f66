import { readdirSync, readFileSync } from 'node:fs';
import { createPrivateKey, randomUUID, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { calculateJwkThumbprint, SignJWT, type JWK } from 'jose';
import type { TestApp } from './test-app.js';

export interface SignOptions {
  /** Claims merged over (or, with `undefined`, removed from) a valid claim set for the user and session. */
  claims?: Record<string, unknown>;
  /** Header fields merged over `{alg, typ: 'at+jwt', kid}`. */
  header?: Record<string, unknown>;
}

/**
 * Signs an access token with the test app's real ES256 key, read from its JWT_KEYS_DIR the way an attacker with
 * a stolen key (or a test) would: no app internals. Starts from a claim set the app accepts, so a rejection of a
 * variant is caused by the one field the test changed.
 */
export async function signWithAppKey(t: TestApp, base: { sub: string; sid: string; roles: string[] }, options: SignOptions = {}): Promise<string> {
  const { key, kid } = await appSigningKey(t);
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {
    iss: t.config.jwt.issuer,
    aud: t.config.jwt.audience,
    sub: base.sub,
    sid: base.sid,
    roles: base.roles,
    jti: randomUUID(),
    iat: now,
    exp: now + 300,
    ...options.claims,
  };
  for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
  const header = { alg: 'ES256', typ: 'at+jwt', kid, ...options.header };
  return new SignJWT(claims).setProtectedHeader(header).sign(key);
}

async function appSigningKey(t: TestApp): Promise<{ key: KeyObject; kid: string }> {
  const dir = t.config.jwt.keysDir;
  const newest = readdirSync(dir)
    .filter((name) => /^ES256-\d+\.pem$/.test(name))
    .sort((a, b) => Number(a.split(/[-.]/)[1]) - Number(b.split(/[-.]/)[1]))
    .pop();
  if (!newest) throw new Error(`no ES256 key in ${dir}`);
  const key = createPrivateKey(readFileSync(join(dir, newest), 'utf8'));
  const { d: _private, ...publicJwk } = key.export({ format: 'jwk' }) as JWK;
  return { key, kid: await calculateJwkThumbprint(publicJwk, 'sha256') };
}
