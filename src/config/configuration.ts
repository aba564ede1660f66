import { type DatabaseConfig, parseDatabase, parseRedisKeyPrefix, parseRedisUrl } from './database.config.js';
import { ConfigError, type Env, int } from './env-values.js';
import { type HttpConfig, parseHttp } from './http.config.js';
import { type JwtConfig, parseJwt } from './jwt.config.js';
import { type MailConfig, parseMail, parseRecovery, type RecoveryConfig } from './mail.config.js';
import { type MfaConfig, parseMfa } from './mfa.config.js';
import { type AuditConfig, type MetricsConfig, parseAudit, parseMetrics } from './observability.config.js';
import { parseSecurity, type SecurityConfig } from './security.config.js';

// One file per area (database, jwt, security, http, mail, mfa, observability); this one puts them together.
export { ConfigError } from './env-values.js';
export type { AuditConfig, DatabaseConfig, HttpConfig, JwtConfig, MailConfig, MetricsConfig, MfaConfig, RecoveryConfig, SecurityConfig };
export type { JwtAlgorithm } from './jwt.config.js';

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

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

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
    security: parseSecurity(env),
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
