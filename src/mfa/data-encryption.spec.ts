import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCipheriv, randomBytes } from 'node:crypto';
import { dataKeyId, loadDataEncryptionKey, SecretBox } from './data-encryption.js';

describe('SecretBox (AES-256-GCM)', () => {
  const box = new SecretBox(Buffer.alloc(32, 1));

  it('round-trips, with a fresh IV each time, and no plaintext in the sealed form', () => {
    const a = box.seal('JBSWY3DPEHPK3PXP', 'user-1');
    const b = box.seal('JBSWY3DPEHPK3PXP', 'user-1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('JBSWY3DPEHPK3PXP');
    expect(box.open(a, 'user-1')).toBe('JBSWY3DPEHPK3PXP');
  });

  it("refuses another owner's value, a tampered value, and another key", () => {
    const sealed = box.seal('secret', 'user-1');
    expect(() => box.open(sealed, 'user-2')).toThrow();
    const [v, kid, iv, body, tag] = sealed.split('.');
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] ^= 1;
    expect(() => box.open([v, kid, iv, flipped.toString('base64url'), tag].join('.'), 'user-1')).toThrow();
    expect(() => new SecretBox(Buffer.alloc(32, 2)).open(sealed, 'user-1')).toThrow(/not configured/);
    // A key id swapped for another configured key's id does not get the value opened with the wrong key.
    const both = new SecretBox(Buffer.alloc(32, 2), [Buffer.alloc(32, 1)]);
    expect(() => both.open([v, dataKeyId(Buffer.alloc(32, 2)), iv, body, tag].join('.'), 'user-1')).toThrow();
  });

  it('names its key by an id that tells nothing of the key, and reads values of the keys a rotation replaced', () => {
    const old = new SecretBox(Buffer.alloc(32, 1));
    const sealed = old.seal('JBSWY3DPEHPK3PXP', 'user-1');
    expect(sealed.split('.')[1]).toBe(dataKeyId(Buffer.alloc(32, 1)));
    expect(sealed).not.toContain(Buffer.alloc(32, 1).toString('base64url').slice(0, 8));

    const rotated = new SecretBox(Buffer.alloc(32, 2), [Buffer.alloc(32, 1)]);
    expect(rotated.open(sealed, 'user-1')).toBe('JBSWY3DPEHPK3PXP');
    expect(rotated.isStale(sealed)).toBe(true);
    const resealed = rotated.seal(rotated.open(sealed, 'user-1'), 'user-1');
    expect(rotated.isStale(resealed)).toBe(false);
    expect(new SecretBox(Buffer.alloc(32, 2)).open(resealed, 'user-1')).toBe('JBSWY3DPEHPK3PXP');
    expect(rotated.keyIds()).toEqual([dataKeyId(Buffer.alloc(32, 2)), dataKeyId(Buffer.alloc(32, 1))]);
  });

  it('opens values sealed before key ids (v1) with whichever configured key sealed them', () => {
    const key = Buffer.alloc(32, 1);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from('user-1'));
    const body = Buffer.concat([cipher.update('JBSWY3DPEHPK3PXP', 'utf8'), cipher.final()]);
    const legacy = ['v1', iv, body, cipher.getAuthTag()].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
    const rotated = new SecretBox(Buffer.alloc(32, 2), [key]);
    expect(rotated.open(legacy, 'user-1')).toBe('JBSWY3DPEHPK3PXP');
    expect(rotated.isStale(legacy)).toBe(true);
    expect(() => new SecretBox(Buffer.alloc(32, 2)).open(legacy, 'user-1')).toThrow(/no configured key/);
  });
});

describe('loadDataEncryptionKey', () => {
  it('uses the configured key, or generates one file (0600) and reads the same key on every later start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-dek-'));
    try {
      const configured = Buffer.alloc(32, 3);
      expect(await loadDataEncryptionKey(configured, join(dir, 'unused'))).toBe(configured);
      const first = await loadDataEncryptionKey(undefined, join(dir, 'keys'));
      expect(first).toHaveLength(32);
      expect(statSync(join(dir, 'keys', 'data-encryption.key')).mode & 0o777).toBe(0o600);
      expect(Buffer.from(readFileSync(join(dir, 'keys', 'data-encryption.key'), 'utf8'), 'base64url')).toEqual(first);
      expect(await loadDataEncryptionKey(undefined, join(dir, 'keys'))).toEqual(first);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
