import { ConfigError, duration, type Env } from './env-values.js';
import { estimateSecretBits, MIN_SECRET_BITS } from './secret-strength.js';

const JWT_ALGORITHMS = ['HS256', 'RS256', 'ES256', 'EdDSA'] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

export interface JwtConfig {
  algorithm: JwtAlgorithm;
  secret?: string;
  keysDir: string;
  issuer: string;
  audience: string;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  encryptionKey?: Buffer;
  clockToleranceSeconds: number;
}

function parseEncryptionKey(raw: string | undefined): Buffer | undefined {
  if (!raw) return undefined;
  const key = /^[A-Za-z0-9_-]+$/.test(raw) ? Buffer.from(raw, 'base64url') : Buffer.alloc(0);
  if (key.length !== 32) throw new ConfigError('JWT_ENCRYPTION_KEY must be 32 bytes in base64url (43 characters)');
  return key;
}

export function parseJwt(env: Env, production: boolean): JwtConfig {
  const algorithm = (env.JWT_ALG || 'ES256') as JwtAlgorithm;
  if (!JWT_ALGORITHMS.includes(algorithm)) {
    throw new ConfigError(`JWT_ALG must be one of ${JWT_ALGORITHMS.join(', ')}, got "${env.JWT_ALG}"`);
  }
  const secret = env.JWT_SECRET || undefined;
  if (algorithm === 'HS256') {
    if (!secret && production) throw new ConfigError('JWT_SECRET is required for HS256 in production');
    if (secret && Buffer.byteLength(secret) < 32) throw new ConfigError('JWT_SECRET must be at least 32 bytes');
    // Length alone let "x" 32 times through: whoever guesses the secret signs any token. Development keeps such secrets.
    const bits = secret && production ? estimateSecretBits(secret) : Infinity;
    if (bits < MIN_SECRET_BITS) {
      throw new ConfigError(
        `JWT_SECRET is too predictable for production (about ${Math.floor(bits)} bits of entropy, at least ${MIN_SECRET_BITS} needed): use a random one, e.g. openssl rand -base64 32`,
      );
    }
  }
  const accessTtlSeconds = duration(env, 'ACCESS_TOKEN_TTL', '15m');
  const refreshTtlSeconds = duration(env, 'REFRESH_TOKEN_TTL', '30d');
  if (refreshTtlSeconds < accessTtlSeconds) {
    throw new ConfigError('REFRESH_TOKEN_TTL must not be shorter than ACCESS_TOKEN_TTL');
  }
  return {
    algorithm,
    secret,
    keysDir: env.JWT_KEYS_DIR || 'data/keys',
    issuer: env.JWT_ISSUER || 'gatehouse',
    audience: env.JWT_AUDIENCE || 'gatehouse-api',
    accessTtlSeconds,
    refreshTtlSeconds,
    encryptionKey: parseEncryptionKey(env.JWT_ENCRYPTION_KEY),
    clockToleranceSeconds: 5,
  };
}
