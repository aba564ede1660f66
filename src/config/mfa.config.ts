import { bool, ConfigError, type Env } from './env-values.js';

/** Second factors (issue 15): the key that encrypts TOTP secrets at rest, ADMIN_REQUIRE_MFA and the WebAuthn relying party. */
export interface MfaConfig {
  /** DATA_ENCRYPTION_KEY, 32 bytes; unset outside production: a key generated into JWT_KEYS_DIR is used. */
  dataEncryptionKey?: Buffer;
  /** DATA_ENCRYPTION_KEYS_PREVIOUS: keys a rotation replaced, kept to read what they sealed until it is resealed. */
  previousDataEncryptionKeys: Buffer[];
  adminRequireMfa: boolean;
  webauthnRpId: string;
  webauthnOrigins: string[];
}

export function parseMfa(env: Env, production: boolean): MfaConfig {
  const raw = env.DATA_ENCRYPTION_KEY || undefined;
  const key = raw === undefined ? undefined : dataKey(raw, 'DATA_ENCRYPTION_KEY must be 32 bytes in base64url (43 characters)');
  const previous = (env.DATA_ENCRYPTION_KEYS_PREVIOUS || '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean)
    .map((k) => dataKey(k, 'DATA_ENCRYPTION_KEYS_PREVIOUS must list 32-byte keys in base64url (43 characters each), comma-separated'));
  if (previous.length > 0 && !key) throw new ConfigError('DATA_ENCRYPTION_KEYS_PREVIOUS needs DATA_ENCRYPTION_KEY (the key that replaced them)');
  // A generated key file sits beside the data it protects: a copied disk or backup would carry both.
  if (!key && production) throw new ConfigError('DATA_ENCRYPTION_KEY is required in production (32 random bytes, base64url)');
  const rpId = env.WEBAUTHN_RP_ID || 'localhost';
  if (!/^[a-z0-9.-]{1,253}$/.test(rpId)) throw new ConfigError(`WEBAUTHN_RP_ID must be a lower-case host name, got "${rpId}"`);
  const origins = (env.WEBAUTHN_ORIGINS || 'http://localhost:3000')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins) {
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    if (!url || url.origin !== origin || (url.hostname !== rpId && !url.hostname.endsWith(`.${rpId}`))) {
      throw new ConfigError(`WEBAUTHN_ORIGINS must be origins (scheme://host[:port]) on WEBAUTHN_RP_ID ${rpId}, got "${origin}"`);
    }
  }
  return {
    dataEncryptionKey: key,
    previousDataEncryptionKeys: previous,
    adminRequireMfa: bool(env, 'ADMIN_REQUIRE_MFA', false),
    webauthnRpId: rpId,
    webauthnOrigins: origins,
  };
}

function dataKey(raw: string, refusal: string): Buffer {
  const key = /^[A-Za-z0-9_-]+$/.test(raw) ? Buffer.from(raw, 'base64url') : Buffer.alloc(0);
  if (key.length !== 32) throw new ConfigError(refusal);
  return key;
}
