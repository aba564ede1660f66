import { createHmac, createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Signs any header and payload by hand, so a test can build tokens that a careful JOSE library would refuse
 * to produce (crit, alg none, key-bearing headers): the app under test must refuse them itself.
 */
export function signCompact(header: Record<string, unknown>, payload: Record<string, unknown>, key?: KeyObject | Buffer): string {
  const input = `${b64(header)}.${b64(payload)}`;
  const alg = header.alg;
  if (alg === 'none' || !key) return `${input}.`;
  let signature: Buffer;
  if (alg === 'HS256') signature = createHmac('sha256', key).update(input).digest();
  else if (alg === 'RS256') signature = sign('sha256', Buffer.from(input), key);
  else if (alg === 'ES256') signature = sign('sha256', Buffer.from(input), { key: key as KeyObject, dsaEncoding: 'ieee-p1363' });
  else if (alg === 'EdDSA') signature = sign(null, Buffer.from(input), key);
  else throw new Error(`cannot forge ${String(alg)}`);
  return `${input}.${signature.toString('base64url')}`;
}

/** The newest private key file of an algorithm in a keys folder (for re-signing crafted tokens with the real key). */
export function readNewestKey(keysDir: string, alg: 'RS256' | 'ES256' | 'EdDSA' | 'HS256'): KeyObject | Buffer {
  const files = readdirSync(keysDir)
    .filter((f) => f.startsWith(`${alg}-`) && /\.(pem|secret)$/.test(f))
    .sort();
  const raw = readFileSync(join(keysDir, files[files.length - 1]), 'utf8');
  return alg === 'HS256' ? Buffer.from(raw.trim(), 'base64url') : createPrivateKey(raw);
}

/** Key files (not markers) of the folder. */
export function keyFiles(keysDir: string): string[] {
  return readdirSync(keysDir)
    .filter((f) => /\.(pem|secret)$/.test(f))
    .sort();
}
