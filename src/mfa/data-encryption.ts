import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../config/index.js';

const KEY_FILE = 'data-encryption.key';
const VERSION = 'v1';

/**
 * AES-256-GCM for secrets the server must read back (TOTP seeds). Each value gets a fresh 96-bit IV, and the owner's
 * id is authenticated with it, so a ciphertext copied into another user's row does not decrypt.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {}

  seal(plaintext: string, owner: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(owner));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, body, cipher.getAuthTag()].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
  }

  /** Throws on a tampered value, a wrong owner or another key. */
  open(sealed: string, owner: string): string {
    const [version, iv, body, tag] = sealed.split('.');
    if (version !== VERSION || !iv || !body || !tag) throw new Error('not a sealed value');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(owner));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }
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
