import { createHash, createPublicKey } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { ConfigError, type AppConfig } from '../../config/configuration.js';
import { generateKeyMaterial } from './signing-keys.service.js';

/**
 * Writes a new signing key to JWT_KEYS_DIR; it signs from the next start on, while the older keys keep
 * verifying the tokens they signed. Minimal version for the operator CLI (see the keys issue for the full one).
 */
export async function rotateSigningKey(config: AppConfig): Promise<{ kid: string }> {
  const { algorithm, keysDir, secret } = config.jwt;
  if (algorithm === 'HS256' && secret) {
    throw new ConfigError('JWT_SECRET is set: HS256 signs with that secret, so rotate it by changing JWT_SECRET');
  }
  await mkdir(keysDir, { recursive: true, mode: 0o700 });
  // File names carry the creation time and the newest signs, so the new key must sort after every existing one.
  const newest = (await readdir(keysDir))
    .map((name) => /^[A-Za-z0-9]+-(\d+)\.(pem|secret)$/.exec(name))
    .reduce((max, m) => (m ? Math.max(max, Number(m[1])) : max), 0);
  const createdAt = Math.max(Date.now(), newest + 1);
  const { key, contents, extension } = generateKeyMaterial(algorithm);
  await writeFile(join(keysDir, `${algorithm}-${createdAt}.${extension}`), contents, { mode: 0o600, flag: 'wx' });
  if (algorithm === 'HS256') {
    // Same derivation as SigningKeysService: a labelled hash, never a thumbprint of the secret.
    return { kid: createHash('sha256').update('gatehouse-hs256-kid:').update(key.export()).digest('base64url').slice(0, 22) };
  }
  return { kid: await calculateJwkThumbprint(createPublicKey(key).export({ format: 'jwk' }) as JWK, 'sha256') };
}
