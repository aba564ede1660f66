import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataEncryptionKey, SecretBox } from './data-encryption.js';

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
    const [v, iv, body, tag] = sealed.split('.');
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] ^= 1;
    expect(() => box.open([v, iv, flipped.toString('base64url'), tag].join('.'), 'user-1')).toThrow();
    expect(() => new SecretBox(Buffer.alloc(32, 2)).open(sealed, 'user-1')).toThrow();
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
