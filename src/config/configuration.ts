import { isIP } from 'node:net';
import { parseDurationSeconds } from './duration.js';
import { estimateSecretBits, MIN_SECRET_BITS } from './secret-strength.js';

const JWT_ALGORITHMS = ['HS256', 'RS256', 'ES256', 'EdDSA'] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

export interface DatabaseConfig {
  type: 'sqlite' | 'postgres';
  /** File path for sqlite, connection URL for postgres. */
  url: string;
  poolSize: number;
  statementTimeoutMs: number;
  connectTimeoutMs: number;
  /** Only for tests and local experiments; production refuses it. */
  synchronize: boolean;
}

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

export interface SecurityConfig {
  loginMaxFailures: number;
  loginWindowSeconds: number;
  loginLockSeconds: number;
  /** Failures on one account from clients it has never logged in from, before those clients are locked out. */
  loginAccountMaxFailures: number;
  /** How long a client (IP) stays known to an account after a successful login from it. */
  loginKnownClientSeconds: number;
  /** Bounds of the argon2 wait queue: beyond them a credential request answers 503 at once. */
  passwordHashMaxQueue: number;
  passwordHashMaxWaitMs: number;
  authRateLimit: { limit: number; windowSeconds: number };
  corsOrigins: string[];
  cookies: boolean;
  revocationFailOpen: boolean;
  /** Fastify's trustProxy: which hops may set X-Forwarded-For (and so the client IP that rate limits count). */
  trustProxy: boolean | string[];
  /** Live sessions per user; a login beyond it revokes the oldest, so stolen or forgotten sessions cannot pile up. */
  maxSessionsPerUser: number;
}

/** Where the server listens and where clients reach it (docs/proxies.md). */
export interface HttpConfig {
  /** Bind address (HOST): `0.0.0.0` for every IPv4 interface, `127.0.0.1` or `::1` behind a proxy on the same machine. */
  host: string;
  /** PUBLIC_URL: the base URL clients use (the proxy's, behind one); the OpenAPI document's `servers` entry. */
  publicUrl: string;
}

export interface MailConfig {
  /** smtp:// or smtps:// URL; undefined: every mail is written as an .eml file to `outboxDir`. */
  smtpUrl?: string;
  from: string;
  /** Base of the links in e-mails. */
  appUrl: string;
  outboxDir: string;
  /** Folder of operator templates that replace the built-in ones, file by file; undefined: built-in only. */
  templatesDir?: string;
  productName: string;
  /** Sends per mail (the first included) before it is dropped, and the first retry's delay (doubling each time). */
  maxAttempts: number;
  retryBaseMs: number;
}

export interface RecoveryConfig {
  passwordResetTtlSeconds: number;
  emailVerificationTtlSeconds: number;
  emailChangeTtlSeconds: number;
  requireVerifiedEmail: boolean;
  /** Mails of one kind (reset, verification, e-mail change) per account per hour; beyond it forgot stays silent. */
  mailsPerAccountPerHour: number;
  /** Reset mails one client IP may cause per hour, whatever the accounts. */
  resetMailsPerIpPerHour: number;
}

/** Second factors (issue 15): the key that encrypts TOTP secrets at rest, ADMIN_REQUIRE_MFA and the WebAuthn relying party. */
export interface MfaConfig {
  /** DATA_ENCRYPTION_KEY, 32 bytes; unset outside production: a key generated into JWT_KEYS_DIR is used. */
  dataEncryptionKey?: Buffer;
  adminRequireMfa: boolean;
  webauthnRpId: string;
  webauthnOrigins: string[];
}

export interface AuditConfig {
  /** AUDIT_RETENTION: events older than this are pruned behind a checkpoint, so the rest still verifies. */
  retentionSeconds: number;
  /** AUDIT_HMAC_KEY: keys the hash chain, so that someone with only database access cannot rebuild it after an edit. */
  hmacKey?: Buffer;
}

export interface MetricsConfig {
  /** METRICS_TOKEN: the bearer token of GET /metrics; unset turns the endpoint off (404). */
  token?: string;
}

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  http: HttpConfig;
  database: DatabaseConfig;
  redisUrl?: string;
  /** Prefix of every Redis key and channel, so that several deployments (or test runs) can share one server. */
  redisKeyPrefix: string;
  jwt: JwtConfig;
  security: SecurityConfig;
  admin?: { email: string; password: string };
  logLevel: string;
  mail: MailConfig;
  recovery: RecoveryConfig;
  mfa: MfaConfig;
  audit: AuditConfig;
  metrics: MetricsConfig;
}

/** Thrown at boot with a one-line reason; main.ts prints it and exits non-zero. */
export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function duration(env: Env, name: string, fallback: string): number {
  // An empty value means unset, as for every other variable (e.g. `ACCESS_TOKEN_TTL=` in an env file).
  const raw = env[name] || fallback;
  const seconds = parseDurationSeconds(raw);
  if (seconds === undefined) throw new ConfigError(`${name} must be seconds or a duration like 15m, 1h, 30d; got "${raw}"`);
  return seconds;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function parseDatabase(env: Env, production: boolean): DatabaseConfig {
  const raw = env.DATABASE_URL || 'sqlite:data/gatehouse.sqlite';
  const common = {
    poolSize: int(env, 'DB_POOL_SIZE', 10, 1, 500),
    statementTimeoutMs: int(env, 'DB_STATEMENT_TIMEOUT_MS', 5000, 100, 600000),
    connectTimeoutMs: int(env, 'DB_CONNECT_TIMEOUT_MS', 3000, 100, 600000),
    synchronize: bool(env, 'DB_SYNCHRONIZE', false),
  };
  if (production && common.synchronize) {
    throw new ConfigError('DB_SYNCHRONIZE=true is refused in production: schema changes go through migrations');
  }
  if (raw.startsWith('sqlite:')) {
    const path = raw.slice('sqlite:'.length);
    if (!path) throw new ConfigError('DATABASE_URL sqlite: needs a file path, e.g. sqlite:data/gatehouse.sqlite');
    return { type: 'sqlite', url: path, ...common };
  }
  if (/^postgres(ql)?:\/\//.test(raw)) return { type: 'postgres', url: raw, ...common };
  throw new ConfigError('DATABASE_URL must start with sqlite: or postgres://');
}

function parseRedisUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  if (!/^rediss?:\/\/\S+$/.test(raw)) throw new ConfigError('REDIS_URL must look like redis://host:6379 or rediss://...');
  return raw;
}

/** The one default of REDIS_KEY_PREFIX (API.md's configuration table). */
const DEFAULT_REDIS_KEY_PREFIX = 'gatehouse:';

function parseRedisKeyPrefix(raw: string | undefined): string {
  const prefix = raw ?? DEFAULT_REDIS_KEY_PREFIX;
  if (!/^[A-Za-z0-9:_.-]{0,64}$/.test(prefix)) {
    throw new ConfigError('REDIS_KEY_PREFIX may hold up to 64 letters, digits and : _ . -');
  }
  return prefix;
}

function parseRateLimit(raw: string): { limit: number; windowSeconds: number } {
  const [count, window] = raw.split('/');
  const limit = Number(count);
  const windowSeconds = window ? parseDurationSeconds(window) : undefined;
  if (!Number.isInteger(limit) || limit < 1 || windowSeconds === undefined) {
    throw new ConfigError(`AUTH_RATE_LIMIT must look like 100/1m, got "${raw}"`);
  }
  return { limit, windowSeconds };
}

// Off by default: trusting X-Forwarded-For from anyone would let a client pick its own IP and dodge the rate limit.
// Names proxy-addr (under Fastify) understands for whole reserved ranges.
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function parseTrustProxy(raw: string | undefined): boolean | string[] {
  if (!raw || raw === 'false') return false;
  if (raw === 'true') return true;
  const entries = raw
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  for (const entry of entries) {
    if (PROXY_RANGE_NAMES.has(entry)) continue;
    const [address, prefix, extra] = entry.split('/');
    const family = isIP(address);
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32));
    if (!family || !prefixOk || extra !== undefined) {
      throw new ConfigError(
        `TRUST_PROXY must be true, false, or comma-separated proxy addresses, CIDRs or loopback/linklocal/uniquelocal; got "${entry}"`,
      );
    }
  }
  return entries;
}

function parseEncryptionKey(raw: string | undefined): Buffer | undefined {
  if (!raw) return undefined;
  const key = /^[A-Za-z0-9_-]+$/.test(raw) ? Buffer.from(raw, 'base64url') : Buffer.alloc(0);
  if (key.length !== 32) throw new ConfigError('JWT_ENCRYPTION_KEY must be 32 bytes in base64url (43 characters)');
  return key;
}

function parseJwt(env: Env, production: boolean): JwtConfig {
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

function parseLoginLimits(env: Env) {
  const loginMaxFailures = int(env, 'LOGIN_MAX_FAILURES', 5, 1, 1000);
  // Per client the limit stays LOGIN_MAX_FAILURES; the whole account tolerates many more, so that one stranger
  // (one address) can never reach it and locking out the owner's new devices takes many addresses.
  const loginAccountMaxFailures = int(env, 'LOGIN_ACCOUNT_MAX_FAILURES', loginMaxFailures * 10, 1, 100000);
  if (loginAccountMaxFailures < loginMaxFailures) {
    throw new ConfigError('LOGIN_ACCOUNT_MAX_FAILURES must not be lower than LOGIN_MAX_FAILURES');
  }
  return {
    loginMaxFailures,
    loginWindowSeconds: duration(env, 'LOGIN_WINDOW', '15m'),
    loginLockSeconds: duration(env, 'LOGIN_LOCK', '15m'),
    loginAccountMaxFailures,
    loginKnownClientSeconds: duration(env, 'LOGIN_KNOWN_CLIENT_TTL', '30d'),
  };
}

// A hostname as RFC 1123 spells it; an IP literal is checked by isIP.
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

function parseHttp(env: Env): HttpConfig {
  const host = env.HOST?.trim() || '0.0.0.0';
  if (!isIP(host) && !HOSTNAME.test(host)) throw new ConfigError(`HOST must be an IP address or a host name to bind to, got "${host}"`);
  const port = int(env, 'PORT', 3000, 0, 65535);
  const raw = env.PUBLIC_URL?.trim() || `http://localhost:${port}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`PUBLIC_URL must be an absolute http(s) URL, got "${raw}"`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash || url.username || url.password) {
    throw new ConfigError(`PUBLIC_URL must be an absolute http(s) URL without query, fragment or credentials, got "${raw}"`);
  }
  return { host, publicUrl: url.href.replace(/\/$/, '') };
}

const DEFAULT_MAIL_FROM = 'Gatehouse <no-reply@localhost>';

function parseMail(env: Env, production: boolean): MailConfig {
  const smtpUrl = env.SMTP_URL || undefined;
  if (smtpUrl && !/^smtps?:\/\/[^\s/]+/.test(smtpUrl)) {
    throw new ConfigError('SMTP_URL must look like smtp://host:587 or smtps://user:pass@host:465');
  }
  // Links to nowhere and mails nobody reads would look like a working reset to the operator.
  if (!smtpUrl && production) {
    throw new ConfigError('SMTP_URL is required in production (without it mails only go to the data/outbox folder)');
  }
  const appUrl = (env.APP_URL || 'http://localhost:3000').replace(/\/+$/, '');
  if (!URL.canParse(appUrl) || !/^https?:$/.test(new URL(appUrl).protocol)) {
    throw new ConfigError(`APP_URL must be an http(s) URL, got "${env.APP_URL}"`);
  }
  const from = env.MAIL_FROM || DEFAULT_MAIL_FROM;
  if (/[\r\n]/.test(from)) throw new ConfigError('MAIL_FROM must be one line');
  return {
    smtpUrl,
    from,
    appUrl,
    outboxDir: env.MAIL_OUTBOX_DIR || 'data/outbox',
    templatesDir: env.MAIL_TEMPLATES_DIR || undefined,
    productName: env.MAIL_PRODUCT_NAME || 'Gatehouse',
    maxAttempts: int(env, 'MAIL_MAX_ATTEMPTS', 8, 1, 50),
    retryBaseMs: int(env, 'MAIL_RETRY_BASE_MS', 2000, 10, 3_600_000),
  };
}

function parseRecovery(env: Env): RecoveryConfig {
  return {
    passwordResetTtlSeconds: duration(env, 'PASSWORD_RESET_TTL', '1h'),
    emailVerificationTtlSeconds: duration(env, 'EMAIL_VERIFICATION_TTL', '24h'),
    emailChangeTtlSeconds: duration(env, 'EMAIL_CHANGE_TTL', '1h'),
    requireVerifiedEmail: bool(env, 'REQUIRE_VERIFIED_EMAIL', false),
    mailsPerAccountPerHour: int(env, 'RECOVERY_MAILS_PER_ACCOUNT', 3, 1, 1000),
    resetMailsPerIpPerHour: int(env, 'RECOVERY_MAILS_PER_IP', 20, 1, 100000),
  };
}

function parseMfa(env: Env, production: boolean): MfaConfig {
  const raw = env.DATA_ENCRYPTION_KEY || undefined;
  const key = raw && /^[A-Za-z0-9_-]+$/.test(raw) ? Buffer.from(raw, 'base64url') : undefined;
  if (raw && key?.length !== 32) throw new ConfigError('DATA_ENCRYPTION_KEY must be 32 bytes in base64url (43 characters)');
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
  return { dataEncryptionKey: key, adminRequireMfa: bool(env, 'ADMIN_REQUIRE_MFA', false), webauthnRpId: rpId, webauthnOrigins: origins };
}

function parseAudit(env: Env): AuditConfig {
  const retentionSeconds = duration(env, 'AUDIT_RETENTION', '365d');
  if (retentionSeconds < 86400) throw new ConfigError(`AUDIT_RETENTION must be at least 1d, got "${env.AUDIT_RETENTION}"`);
  const rawKey = env.AUDIT_HMAC_KEY || undefined;
  if (rawKey !== undefined && Buffer.byteLength(rawKey) < 32) throw new ConfigError('AUDIT_HMAC_KEY must be at least 32 bytes');
  return { retentionSeconds, hmacKey: rawKey === undefined ? undefined : Buffer.from(rawKey) };
}

function parseMetrics(env: Env): MetricsConfig {
  const token = env.METRICS_TOKEN || undefined;
  // A scrape token guards process and traffic figures; a short one is guessed by anyone who can reach the port.
  if (token !== undefined && (token.length < 16 || token.length > 256 || !/^[\x21-\x7e]+$/.test(token))) {
    throw new ConfigError('METRICS_TOKEN must be 16 to 256 printable characters without spaces');
  }
  return { token };
}

/** Builds the one validated configuration from an environment record; throws ConfigError on any bad value. */
export function loadConfig(env: Env): AppConfig {
  const nodeEnv = env.NODE_ENV || 'development';
  if (nodeEnv !== 'development' && nodeEnv !== 'production' && nodeEnv !== 'test') {
    throw new ConfigError(`NODE_ENV must be development, production or test, got "${nodeEnv}"`);
  }
  const production = nodeEnv === 'production';
  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const adminEmail = env.ADMIN_EMAIL || undefined;
  const adminPassword = env.ADMIN_PASSWORD || undefined;
  if (adminPassword && (adminPassword.length < 8 || adminPassword.length > 128)) {
    throw new ConfigError('ADMIN_PASSWORD must be 8 to 128 characters');
  }
  return {
    env: nodeEnv,
    port: int(env, 'PORT', 3000, 0, 65535),
    http: parseHttp(env),
    database: parseDatabase(env, production),
    redisUrl: parseRedisUrl(env.REDIS_URL),
    redisKeyPrefix: parseRedisKeyPrefix(env.REDIS_KEY_PREFIX),
    jwt: parseJwt(env, production),
    security: {
      ...parseLoginLimits(env),
      passwordHashMaxQueue: int(env, 'PASSWORD_HASH_MAX_QUEUE', 100, 0, 100000),
      passwordHashMaxWaitMs: int(env, 'PASSWORD_HASH_MAX_WAIT_MS', 3000, 10, 60000),
      authRateLimit: parseRateLimit(env.AUTH_RATE_LIMIT || '100/1m'),
      corsOrigins: (env.CORS_ORIGINS || '')
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
      cookies: bool(env, 'AUTH_COOKIES', false),
      revocationFailOpen: bool(env, 'REVOCATION_FAIL_OPEN', false),
      trustProxy: parseTrustProxy(env.TRUST_PROXY),
      maxSessionsPerUser: int(env, 'MAX_SESSIONS_PER_USER', 100, 1, 10_000),
    },
    admin: adminEmail && adminPassword ? { email: adminEmail, password: adminPassword } : undefined,
    logLevel,
    mail: parseMail(env, production),
    recovery: parseRecovery(env),
    mfa: parseMfa(env, production),
    audit: parseAudit(env),
    metrics: parseMetrics(env),
  };
}

/** The single place that reads process.env. */
export function loadConfigFromProcessEnv(): AppConfig {
  return loadConfig(process.env);
}
