import { ConfigError, loadConfig } from './configuration.js';

const KEY = Buffer.alloc(32, 9).toString('base64url');

const refusal = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('second-factor configuration', () => {
  it('defaults: no key (one is generated outside production), admin routes without MFA, localhost relying party', () => {
    const { mfa } = loadConfig({});
    expect(mfa.dataEncryptionKey).toBeUndefined();
    expect(mfa).toMatchObject({ adminRequireMfa: false, webauthnRpId: 'localhost', webauthnOrigins: ['http://localhost:3000'] });
  });

  it('takes a 32-byte base64url DATA_ENCRYPTION_KEY and refuses any other length or alphabet', () => {
    expect(loadConfig({ DATA_ENCRYPTION_KEY: KEY }).mfa.dataEncryptionKey).toEqual(Buffer.alloc(32, 9));
    expect(refusal({ DATA_ENCRYPTION_KEY: KEY.slice(2) })).toMatch(/DATA_ENCRYPTION_KEY must be 32 bytes/);
    expect(refusal({ DATA_ENCRYPTION_KEY: `${KEY.slice(1)}+` })).toMatch(/DATA_ENCRYPTION_KEY must be 32 bytes/);
  });

  it('takes the keys a rotation replaced in DATA_ENCRYPTION_KEYS_PREVIOUS, only beside a current key, without echoing them', () => {
    const old = Buffer.alloc(32, 7).toString('base64url');
    const older = Buffer.alloc(32, 6).toString('base64url');
    expect(loadConfig({ DATA_ENCRYPTION_KEY: KEY, DATA_ENCRYPTION_KEYS_PREVIOUS: ` ${old}, ${older} ` }).mfa.previousDataEncryptionKeys).toEqual([
      Buffer.alloc(32, 7),
      Buffer.alloc(32, 6),
    ]);
    expect(loadConfig({ DATA_ENCRYPTION_KEY: KEY }).mfa.previousDataEncryptionKeys).toEqual([]);
    expect(refusal({ DATA_ENCRYPTION_KEYS_PREVIOUS: old })).toMatch(/needs DATA_ENCRYPTION_KEY/);
    const bad = refusal({ DATA_ENCRYPTION_KEY: KEY, DATA_ENCRYPTION_KEYS_PREVIOUS: `${old},${older.slice(3)}` });
    expect(bad).toMatch(/DATA_ENCRYPTION_KEYS_PREVIOUS must list 32-byte keys/);
    expect(bad).not.toContain(old);
  });

  it('requires DATA_ENCRYPTION_KEY in production, without echoing anything secret', () => {
    // SMTP_URL, which production also requires, is set so that the refusal can only be this one.
    const SMTP_URL = 'smtp://mail.internal:25';
    expect(refusal({ NODE_ENV: 'production', SMTP_URL })).toBe('DATA_ENCRYPTION_KEY is required in production (32 random bytes, base64url)');
    expect(loadConfig({ NODE_ENV: 'production', SMTP_URL, DATA_ENCRYPTION_KEY: KEY }).mfa.dataEncryptionKey).toHaveLength(32);
  });

  it('reads ADMIN_REQUIRE_MFA as a boolean', () => {
    expect(loadConfig({ ADMIN_REQUIRE_MFA: 'true' }).mfa.adminRequireMfa).toBe(true);
    expect(refusal({ ADMIN_REQUIRE_MFA: 'yes' })).toMatch(/ADMIN_REQUIRE_MFA must be true or false/);
  });

  it('takes origins on the relying party id and refuses origins of other hosts or with paths', () => {
    const { mfa } = loadConfig({ WEBAUTHN_RP_ID: 'example.com', WEBAUTHN_ORIGINS: 'https://example.com, https://login.example.com:8443' });
    expect(mfa.webauthnOrigins).toEqual(['https://example.com', 'https://login.example.com:8443']);
    expect(refusal({ WEBAUTHN_RP_ID: 'example.com', WEBAUTHN_ORIGINS: 'https://evil-example.com' })).toMatch(/WEBAUTHN_ORIGINS/);
    expect(refusal({ WEBAUTHN_ORIGINS: 'http://localhost:3000/login' })).toMatch(/WEBAUTHN_ORIGINS/);
    expect(refusal({ WEBAUTHN_RP_ID: 'https://example.com' })).toMatch(/WEBAUTHN_RP_ID/);
  });
});
