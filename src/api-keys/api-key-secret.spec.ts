import { generateApiKeySecret, hashApiKey, isWellFormedApiKey } from './api-key-secret.js';

describe('API key secrets', () => {
  it('are recognisable, carry their public prefix and 256 random bits, and are stored only as SHA-256', () => {
    const { key, prefix, hash } = generateApiKeySecret();
    expect(key).toMatch(/^gh_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(`${prefix}_`)).toBe(true);
    expect(Buffer.from(key.slice(prefix.length + 1), 'base64url')).toHaveLength(32);
    expect(hash).toBe(hashApiKey(key));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(key.slice(prefix.length + 1));
  });

  it('never repeat', () => {
    const keys = new Set(Array.from({ length: 1000 }, () => generateApiKeySecret().key));
    expect(keys.size).toBe(1000);
  });

  it('refuse anything not shaped like a key before any lookup', () => {
    const { key } = generateApiKeySecret();
    expect(isWellFormedApiKey(key)).toBe(true);
    for (const bad of [undefined, ['gh_x'], '', key.slice(0, -1), `${key}A`, key.replace('gh_', 'gx_'), key.toUpperCase(), ` ${key.slice(1)}`]) {
      expect(isWellFormedApiKey(bad)).toBe(false);
    }
  });
});
