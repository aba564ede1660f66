import { hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import { link, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, type JwtConfig } from '../config/index.js';
import { ensureKeysDir } from './keys/key-files.js';

export const CSRF_KEY_FILE = 'csrf.key';

/**
 * The HMAC key that binds CSRF tokens to sessions. Every instance must hold the same key and keep it across
 * restarts, or a browser's CSRF token would fail on the next instance or after a restart:
 * - HS256 with JWT_SECRET: derived from the secret (HKDF), since such fleets may share nothing but that variable;
 * - otherwise: `csrf.key` in JWT_KEYS_DIR (0600), which instances already share for the signing keys.
 * It never rotates with the signing keys; deleting the file logs every cookie session out of CSRF (403) until its
 * next login or refresh.
 */
export async function loadCsrfKey(jwt: JwtConfig): Promise<Buffer> {
  if (jwt.algorithm === 'HS256' && jwt.secret) {
    return Buffer.from(hkdfSync('sha256', Buffer.from(jwt.secret, 'utf8'), Buffer.alloc(0), 'gatehouse csrf v1', 32));
  }
  await ensureKeysDir(jwt.keysDir);
  const path = join(jwt.keysDir, CSRF_KEY_FILE);
  return (await readKey(path)) ?? (await createKey(path));
}

async function readKey(path: string): Promise<Buffer | undefined> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`JWT_KEYS_DIR: ${CSRF_KEY_FILE} is not readable (${(error as NodeJS.ErrnoException).code})`);
  }
  const key = Buffer.from(raw.trim(), 'base64url');
  if (key.length !== 32) throw new ConfigError(`JWT_KEYS_DIR: ${CSRF_KEY_FILE} must hold 32 bytes in base64url`);
  return key;
}

/** Written whole under a temporary name and then linked into place, so a racing instance never reads half a key. */
async function createKey(path: string): Promise<Buffer> {
  const temporary = `${path}.${randomUUID()}.tmp`;
  await writeFile(temporary, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await rm(temporary, { force: true });
  }
  return (await readKey(path))!;
}
