import { bool, ConfigError, duration, type Env, int } from './env-values.js';

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

const DEFAULT_MAIL_FROM = 'Gatehouse <no-reply@localhost>';

export function parseMail(env: Env, production: boolean): MailConfig {
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

export function parseRecovery(env: Env): RecoveryConfig {
  return {
    passwordResetTtlSeconds: duration(env, 'PASSWORD_RESET_TTL', '1h'),
    emailVerificationTtlSeconds: duration(env, 'EMAIL_VERIFICATION_TTL', '24h'),
    emailChangeTtlSeconds: duration(env, 'EMAIL_CHANGE_TTL', '1h'),
    requireVerifiedEmail: bool(env, 'REQUIRE_VERIFIED_EMAIL', false),
    mailsPerAccountPerHour: int(env, 'RECOVERY_MAILS_PER_ACCOUNT', 3, 1, 1000),
    resetMailsPerIpPerHour: int(env, 'RECOVERY_MAILS_PER_IP', 20, 1, 100000),
  };
}
