import { ConfigError, duration, type Env } from './env-values.js';

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

export function parseAudit(env: Env): AuditConfig {
  const retentionSeconds = duration(env, 'AUDIT_RETENTION', '365d');
  if (retentionSeconds < 86400) throw new ConfigError(`AUDIT_RETENTION must be at least 1d, got "${env.AUDIT_RETENTION}"`);
  const rawKey = env.AUDIT_HMAC_KEY || undefined;
  if (rawKey !== undefined && Buffer.byteLength(rawKey) < 32) throw new ConfigError('AUDIT_HMAC_KEY must be at least 32 bytes');
  return { retentionSeconds, hmacKey: rawKey === undefined ? undefined : Buffer.from(rawKey) };
}

export function parseMetrics(env: Env): MetricsConfig {
  const token = env.METRICS_TOKEN || undefined;
  // A scrape token guards process and traffic figures; a short one is guessed by anyone who can reach the port.
  if (token !== undefined && (token.length < 16 || token.length > 256 || !/^[\x21-\x7e]+$/.test(token))) {
    throw new ConfigError('METRICS_TOKEN must be 16 to 256 printable characters without spaces');
  }
  return { token };
}
