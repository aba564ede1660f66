import { availableParallelism } from 'node:os';
import { ConfigError, loadConfig } from './configuration.js';
import { parseDurationSeconds } from './duration.js';

const SECRET = 'a-secret-of-exactly-thirty-two-b';

/** The ConfigError thrown for `env`, so its one-line reason can be checked. */
function refusal(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).not.toContain('\n');
    return error as ConfigError;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

describe('loadConfig', () => {
  it('starts with nothing configured, with the defaults of API.md', () => {
    const config = loadConfig({});
    expect(config).toEqual({
      env: 'development',
      port: 3000,
      http: { host: '0.0.0.0', publicUrl: 'http://localhost:3000' },
      database: { type: 'sqlite', url: 'data/gatehouse.sqlite', poolSize: 10, statementTimeoutMs: 5000, connectTimeoutMs: 3000, synchronize: false },
      redisUrl: undefined,
      redisKeyPrefix: 'gatehouse:',
      jwt: {
        algorithm: 'ES256',
        secret: undefined,
        keysDir: 'data/keys',
        issuer: 'gatehouse',
        audience: 'gatehouse-api',
        accessTtlSeconds: 900,
        refreshTtlSeconds: 30 * 86400,
        encryptionKey: undefined,
        clockToleranceSeconds: 5,
      },
      security: {
        loginMaxFailures: 5,
        loginWindowSeconds: 900,
        loginLockSeconds: 900,
        loginAccountMaxFailures: 50,
        loginKnownClientSeconds: 30 * 86400,
        passwordHashMaxQueue: 100,
        passwordHashMaxWaitMs: 3000,
        passwordHashConcurrency: Math.max(1, Math.min(availableParallelism() - 1, 3)),
        authRateLimit: { limit: 100, windowSeconds: 60 },
        corsOrigins: [],
        cookies: false,
        revocationFailOpen: false,
        trustProxy: false,
        maxSessionsPerUser: 100,
      },
      admin: undefined,
      logLevel: 'info',
      mail: {
        smtpUrl: undefined,
        from: 'Gatehouse <no-reply@localhost>',
        appUrl: 'http://localhost:3000',
        outboxDir: 'data/outbox',
        templatesDir: undefined,
        productName: 'Gatehouse',
        maxAttempts: 8,
        retryBaseMs: 2000,
      },
      recovery: {
        passwordResetTtlSeconds: 3600,
        emailVerificationTtlSeconds: 86400,
        emailChangeTtlSeconds: 3600,
        requireVerifiedEmail: false,
        mailsPerAccountPerHour: 3,
        resetMailsPerIpPerHour: 20,
      },
      mfa: {
        dataEncryptionKey: undefined,
        previousDataEncryptionKeys: [],
        adminRequireMfa: false,
        webauthnRpId: 'localhost',
        webauthnOrigins: ['http://localhost:3000'],
      },
      audit: { retentionSeconds: 365 * 86400, hmacKey: undefined },
      metrics: { token: undefined },
    });
  });

  it('treats empty values as unset', () => {
    const config = loadConfig({ PORT: '', ACCESS_TOKEN_TTL: '', REFRESH_TOKEN_TTL: '', JWT_ALG: '', LOGIN_WINDOW: '', DATABASE_URL: '' });
    expect(config.port).toBe(3000);
    expect(config.jwt.accessTtlSeconds).toBe(900);
    expect(config.jwt.algorithm).toBe('ES256');
    expect(config.database.url).toBe('data/gatehouse.sqlite');
  });

  it('reads the documented variables', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      REDIS_URL: 'redis://127.0.0.1:6379',
      JWT_ALG: 'HS256',
      JWT_SECRET: SECRET,
      JWT_ISSUER: 'https://auth.example',
      JWT_AUDIENCE: 'example-api',
      ACCESS_TOKEN_TTL: '1h',
      REFRESH_TOKEN_TTL: '7d',
      ADMIN_EMAIL: 'root@example.com',
      ADMIN_PASSWORD: 'long enough',
      LOGIN_MAX_FAILURES: '3',
      AUTH_RATE_LIMIT: '10/30s',
      CORS_ORIGINS: 'https://a.example, https://b.example',
      AUTH_COOKIES: 'true',
      LOG_LEVEL: 'warn',
    });
    expect(config.port).toBe(8080);
    expect(config.database).toMatchObject({ type: 'postgres', url: 'postgres://postgres@127.0.0.1:5432/test' });
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.jwt).toMatchObject({
      algorithm: 'HS256',
      secret: SECRET,
      issuer: 'https://auth.example',
      audience: 'example-api',
      accessTtlSeconds: 3600,
      refreshTtlSeconds: 604800,
    });
    expect(config.admin).toEqual({ email: 'root@example.com', password: 'long enough' });
    expect(config.security).toMatchObject({
      loginMaxFailures: 3,
      authRateLimit: { limit: 10, windowSeconds: 30 },
      corsOrigins: ['https://a.example', 'https://b.example'],
      cookies: true,
    });
    expect(config.logLevel).toBe('warn');
  });

  describe('in production', () => {
    it('refuses HS256 without a secret', () => {
      expect(refusal({ NODE_ENV: 'production', JWT_ALG: 'HS256' }).message).toMatch(/JWT_SECRET is required/);
    });

    it('refuses a weak HS256 secret (and so does development)', () => {
      expect(refusal({ NODE_ENV: 'production', JWT_ALG: 'HS256', JWT_SECRET: SECRET.slice(1) }).message).toMatch(/at least 32 bytes/);
      expect(refusal({ JWT_ALG: 'HS256', JWT_SECRET: 'short' }).message).toMatch(/at least 32 bytes/);
    });

    it('accepts HS256 with a 32-byte secret and ES256 with no secret', () => {
      const DATA_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64url');
      const SMTP_URL = 'smtp://127.0.0.1:1';
      expect(loadConfig({ NODE_ENV: 'production', JWT_ALG: 'HS256', JWT_SECRET: SECRET, DATA_ENCRYPTION_KEY, SMTP_URL }).jwt.algorithm).toBe('HS256');
      expect(loadConfig({ NODE_ENV: 'production', DATA_ENCRYPTION_KEY, SMTP_URL }).jwt.algorithm).toBe('ES256');
    });

    it('refuses schema auto-sync', () => {
      expect(refusal({ NODE_ENV: 'production', DB_SYNCHRONIZE: 'true' }).message).toMatch(/DB_SYNCHRONIZE/);
      expect(loadConfig({ DB_SYNCHRONIZE: 'true' }).database.synchronize).toBe(true);
    });

    it.each(['none', 'HS512', 'es256', 'RS256 '])('refuses the unknown JWT_ALG %j', (alg) => {
      expect(refusal({ NODE_ENV: 'production', JWT_ALG: alg }).message).toMatch(/JWT_ALG must be one of/);
      expect(refusal({ JWT_ALG: alg }).message).toMatch(/JWT_ALG/);
    });
  });

  it.each(['15 minutes', '0', '-5', '1.5h', '15M', '1w', 'abc', '9999999999'])('refuses the duration %j with its variable named', (value) => {
    expect(refusal({ ACCESS_TOKEN_TTL: value }).message).toMatch(/^ACCESS_TOKEN_TTL must be/);
    expect(refusal({ LOGIN_LOCK: value }).message).toMatch(/^LOGIN_LOCK/);
  });

  it('refuses a refresh lifetime shorter than the access lifetime', () => {
    expect(refusal({ ACCESS_TOKEN_TTL: '1h', REFRESH_TOKEN_TTL: '10m' }).message).toMatch(/REFRESH_TOKEN_TTL/);
  });

  it.each([
    [{ PORT: '70000' }, /PORT/],
    [{ PORT: 'http' }, /PORT/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ DATABASE_URL: 'sqlite:' }, /DATABASE_URL/],
    [{ AUTH_RATE_LIMIT: 'lots' }, /AUTH_RATE_LIMIT/],
    [{ AUTH_COOKIES: 'yes' }, /AUTH_COOKIES/],
    [{ LOG_LEVEL: 'verbose' }, /LOG_LEVEL/],
    [{ JWT_ENCRYPTION_KEY: 'too-short' }, /JWT_ENCRYPTION_KEY/],
    [{ ADMIN_EMAIL: 'a@b.co', ADMIN_PASSWORD: 'short' }, /ADMIN_PASSWORD/],
  ] as const)('refuses %j with a one-line reason', (env, reason) => {
    expect(refusal(env).message).toMatch(reason);
  });
});

describe('parseDurationSeconds', () => {
  it.each([
    ['900', 900],
    ['15m', 900],
    ['1h', 3600],
    ['30d', 2_592_000],
    ['45s', 45],
  ])('reads %s as %d seconds', (value, seconds) => {
    expect(parseDurationSeconds(value)).toBe(seconds);
  });
});
