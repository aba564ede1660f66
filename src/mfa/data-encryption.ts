import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../config/index.js';

const KEY_FILE = 'data-encryption.key';
// v1: `v1.iv.body.tag`, before keys had ids (read by trying every key); v2: `v2.kid.iv.body.tag`.
const LEGACY = 'v1';
const VERSION = 'v2';

/** A key's public name in sealed values: it tells which key to use without revealing anything about the key. */
export function dataKeyId(key: Buffer): string {
  return createHash('sha256').update('gatehouse-data-key:').update(key).digest('base64url').slice(0, 8);
}

/**
 * AES-256-GCM for secrets the server must read back (TOTP seeds). Each value gets a fresh 96-bit IV, and the owner's
 * id is authenticated with it, so a ciphertext copied into another user's row does not decrypt. Values are sealed with
 * the current key and name it; the keys a rotation replaced still open what they sealed until it is resealed.
 */
export class SecretBox {
  private readonly keys: Map<string, Buffer>;
  private readonly currentId: string;

  constructor(
    private readonly current: Buffer,
    previous: readonly Buffer[] = [],
  ) {
    this.currentId = dataKeyId(current);
    this.keys = new Map([current, ...previous].map((key) => [dataKeyId(key), key]));
  }

  seal(plaintext: string, owner: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current, iv);
    cipher.setAAD(Buffer.from(owner));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, this.currentId, ...[iv, body, cipher.getAuthTag()].map((part) => part.toString('base64url'))].join('.');
  }

  /** Throws on a tampered value, a wrong owner or a key this box does not hold. */
  open(sealed: string, owner: string): string {
    const parts = sealed.split('.');
    if (parts[0] === VERSION && parts.length === 5) {
      const key = this.keys.get(parts[1]);
      if (!key) throw new Error(`sealed with key ${parts[1]}, which is not configured`);
      return decrypt(key, parts[2], parts[3], parts[4], owner);
    }
    if (parts[0] === LEGACY && parts.length === 4) {
      for (const key of this.keys.values()) {
        try {
          return decrypt(key, parts[1], parts[2], parts[3], owner);
        } catch {
          // The tag tells a wrong key from the right one: try the next.
        }
      }
      throw new Error('no configured key opens this value');
    }
    throw new Error('not a sealed value');
  }

  /** True when `sealed` is not under the current key (a rotation left it behind): reseal it. */
  isStale(sealed: string): boolean {
    const parts = sealed.split('.');
    return !(parts[0] === VERSION && parts[1] === this.currentId);
  }

  /** The ids of the configured keys, the current one first (for messages; never the keys). */
  keyIds(): string[] {
    return [...this.keys.keys()];
  }
}

function decrypt(key: Buffer, iv: string, body: string, tag: string, owner: string): string {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(owner));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

/**
 * DATA_ENCRYPTION_KEY when set (required in production); otherwise a key generated once into the signing-key folder
 * (0600, like the signing keys) and read back on every later start. Losing that file makes the stored TOTP secrets
 * unreadable, exactly as losing the variable would.
 */
export async function loadDataEncryptionKey(configured: Buffer | undefined, keysDir: string): Promise<Buffer> {
  if (configured) return configured;
  const path = join(keysDir, KEY_FILE);
  try {
    await mkdir(keysDir, { recursive: true, mode: 0o700 });
    await writeFile(path, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another instance or an earlier start wrote it first: that one is the key.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new ConfigError(`JWT_KEYS_DIR ${keysDir}: cannot create ${KEY_FILE} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  const key = Buffer.from((await readFile(path, 'utf8')).trim(), 'base64url');
  if (key.length !== 32) throw new ConfigError(`JWT_KEYS_DIR: ${KEY_FILE} does not hold 32 bytes in base64url`);
  return key;
}
