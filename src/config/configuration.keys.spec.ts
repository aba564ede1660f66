import { ConfigError, loadConfig } from './configuration.js';

// Production also needs SMTP_URL (issue 14) and DATA_ENCRYPTION_KEY (issue 15); nothing here sends mail or encrypts.
const production = {
  NODE_ENV: 'production',
  ADMIN_EMAIL: '',
  ADMIN_PASSWORD: '',
  SMTP_URL: 'smtp://127.0.0.1:1',
  DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64url'),
};
const line = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).not.toContain('\n');
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('key-related configuration', () => {
  it('defaults to ES256 with keys in data/keys and no encryption', () => {
    const { jwt } = loadConfig({});
    expect(jwt).toMatchObject({ algorithm: 'ES256', keysDir: 'data/keys', clockToleranceSeconds: 5 });
    expect(jwt.encryptionKey).toBeUndefined();
  });

  it('takes EdDSA and refuses unknown algorithms', () => {
    expect(loadConfig({ ...production, JWT_ALG: 'EdDSA' }).jwt.algorithm).toBe('EdDSA');
    expect(line(() => loadConfig({ ...production, JWT_ALG: 'none' }))).toMatch(/JWT_ALG must be one of HS256, RS256, ES256, EdDSA/);
    expect(line(() => loadConfig({ JWT_ALG: 'Ed25519' }))).toMatch(/JWT_ALG/);
    expect(line(() => loadConfig({ JWT_ALG: 'hs256' }))).toMatch(/JWT_ALG/);
  });

  it('refuses HS256 without a secret in production, and a secret under 32 bytes anywhere', () => {
    expect(line(() => loadConfig({ ...production, JWT_ALG: 'HS256' }))).toMatch(/JWT_SECRET is required/);
    expect(line(() => loadConfig({ ...production, JWT_ALG: 'HS256', JWT_SECRET: 'x'.repeat(31) }))).toMatch(/at least 32 bytes/);
    expect(loadConfig({ ...production, JWT_ALG: 'HS256', JWT_SECRET: 'kR9v-Zq2LmX7pW4tB1nY8sD3fH6jG0cE' }).jwt.secret).toHaveLength(32);
  });

  it('refuses a long but low-entropy HS256 secret in production only, without repeating it', () => {
    const message = line(() => loadConfig({ ...production, JWT_ALG: 'HS256', JWT_SECRET: 'x'.repeat(32) }));
    expect(message).toMatch(/^JWT_SECRET is too predictable for production \(about 0 bits of entropy, at least 64 needed\)/);
    expect(message).not.toContain('x'.repeat(32));
    expect(line(() => loadConfig({ ...production, JWT_ALG: 'HS256', JWT_SECRET: 'changeme'.repeat(4) }))).toMatch(/too predictable/);
    expect(loadConfig({ JWT_ALG: 'HS256', JWT_SECRET: 'x'.repeat(32) }).jwt.secret).toHaveLength(32);
  });

  it('takes a 32-byte base64url encryption key and refuses any other length or alphabet', () => {
    const key = Buffer.alloc(32, 7).toString('base64url');
    expect(loadConfig({ ...production, JWT_ENCRYPTION_KEY: key }).jwt.encryptionKey).toHaveLength(32);
    for (const bad of [Buffer.alloc(16).toString('base64url'), Buffer.alloc(33).toString('base64url'), `${key.slice(0, 42)}+`]) {
      expect(line(() => loadConfig({ ...production, JWT_ENCRYPTION_KEY: bad }))).toMatch(/JWT_ENCRYPTION_KEY must be 32 bytes/);
    }
  });
});
