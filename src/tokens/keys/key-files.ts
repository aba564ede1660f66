import { createPrivateKey, createSecretKey, generateKeyPairSync, KeyObject, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, type JwtAlgorithm } from '../../config/index.js';

/**
 * The on-disk layout of JWT_KEYS_DIR, shared by the app and the keys:rotate CLI:
 *   `<ALG>-<createdMs>.pem` (or `.secret` for HS256)  the private key, 0600
 *   `<ALG>-<createdMs>.active-from`                    ISO time from which the key signs (absent: from the next start)
 */
const KEY_FILE = /^(HS256|RS256|ES256|EdDSA)-(\d+)\.(pem|secret)$/;

export interface StoredKey {
  alg: JwtAlgorithm;
  createdMs: number;
  /** File name of the private key. */
  file: string;
  /** When the key starts (or started) signing; undefined until a start-up activates it. */
  activeFromMs?: number;
}

const markerName = (key: Pick<StoredKey, 'alg' | 'createdMs'>) => `${key.alg}-${key.createdMs}.active-from`;
const extension = (alg: JwtAlgorithm) => (alg === 'HS256' ? 'secret' : 'pem');

/** Makes sure the folder exists (0700) and is readable; a ConfigError with one line otherwise. */
export async function ensureKeysDir(dir: string): Promise<string[]> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    return await readdir(dir);
  } catch (error) {
    throw new ConfigError(`JWT_KEYS_DIR ${dir} is not a usable folder: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** The stored keys of one algorithm, oldest first, with their activation markers. */
export async function listStoredKeys(dir: string, alg: JwtAlgorithm): Promise<StoredKey[]> {
  const names = await ensureKeysDir(dir);
  const present = new Set(names);
  const keys: StoredKey[] = [];
  for (const file of names) {
    const match = KEY_FILE.exec(file);
    if (!match || match[1] !== alg) continue;
    const key: StoredKey = { alg, createdMs: Number(match[2]), file };
    const marker = markerName(key);
    if (present.has(marker)) key.activeFromMs = parseMarker(marker, await readFile(join(dir, marker), 'utf8'));
    keys.push(key);
  }
  return keys.sort((a, b) => a.createdMs - b.createdMs);
}

function parseMarker(name: string, contents: string): number {
  const ms = Date.parse(contents.trim());
  if (!Number.isFinite(ms)) throw new ConfigError(`JWT_KEYS_DIR: ${name} does not hold an ISO time`);
  return ms;
}

/** Parses a stored private key once into a KeyObject. */
export async function readPrivateKey(dir: string, key: StoredKey): Promise<KeyObject> {
  const raw = await readFile(join(dir, key.file), 'utf8');
  try {
    if (key.alg === 'HS256') {
      const secret = Buffer.from(raw.trim(), 'base64url');
      if (secret.length < 32) throw new Error('secret shorter than 32 bytes');
      return createSecretKey(secret);
    }
    const privateKey = createPrivateKey(raw);
    const details = privateKey.asymmetricKeyDetails ?? {};
    if (key.alg === 'RS256' && !(privateKey.asymmetricKeyType === 'rsa' && (details.modulusLength ?? 0) >= 2048)) {
      throw new Error('not an RSA key of at least 2048 bits');
    }
    if (key.alg === 'ES256' && !(privateKey.asymmetricKeyType === 'ec' && details.namedCurve === 'prime256v1')) {
      throw new Error('not a P-256 key');
    }
    if (key.alg === 'EdDSA' && privateKey.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
    return privateKey;
  } catch (error) {
    throw new ConfigError(`JWT_KEYS_DIR: ${key.file} is not a valid ${key.alg} key (${(error as Error).message})`);
  }
}

/**
 * Writes a fresh key. With activeFromMs the marker is written first, so a process starting in between
 * never mistakes a staged key for one that signs at once.
 */
export async function writeNewKey(dir: string, alg: JwtAlgorithm, activeFromMs?: number): Promise<StoredKey> {
  await ensureKeysDir(dir);
  const material = generateKeyMaterial(alg);
  for (let createdMs = Date.now(); ; createdMs++) {
    const key: StoredKey = { alg, createdMs, file: `${alg}-${createdMs}.${extension(alg)}`, activeFromMs };
    try {
      // 'wx' never overwrites a key or marker another process wrote first; 0600 keeps them from other users.
      if (activeFromMs !== undefined) {
        await writeFile(join(dir, markerName(key)), new Date(activeFromMs).toISOString(), { mode: 0o600, flag: 'wx' });
      }
      await writeFile(join(dir, key.file), material.contents, { mode: 0o600, flag: 'wx' });
      return key;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/**
 * Records when a key started signing. The first process to do so wins and the others read its time, so a
 * fleet sharing the folder agrees on when the previous key stopped signing. A read-only folder keeps the time in memory.
 */
export async function markActiveFrom(dir: string, key: StoredKey, nowMs: number): Promise<number> {
  const path = join(dir, markerName(key));
  try {
    await writeFile(path, new Date(nowMs).toISOString(), { mode: 0o600, flag: 'wx' });
    return nowMs;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return parseMarker(markerName(key), await readFile(path, 'utf8'));
    if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return nowMs;
    throw error;
  }
}

/** Deletes a retired key and its marker; a failure (read-only folder) leaves the files, which are ignored anyway. */
export async function deleteStoredKey(dir: string, key: StoredKey): Promise<void> {
  await rm(join(dir, key.file), { force: true }).catch(() => undefined);
  await rm(join(dir, markerName(key)), { force: true }).catch(() => undefined);
}

/** A fresh private key for the algorithm, with what to write to disk. */
function generateKeyMaterial(algorithm: JwtAlgorithm): { key: KeyObject; contents: string } {
  if (algorithm === 'HS256') {
    const secret = randomBytes(64);
    return { key: createSecretKey(secret), contents: secret.toString('base64url') };
  }
  const pair =
    algorithm === 'RS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : algorithm === 'ES256'
        ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
        : generateKeyPairSync('ed25519');
  return { key: pair.privateKey, contents: pair.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string };
}
