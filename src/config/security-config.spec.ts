import { availableParallelism } from 'node:os';
import { ConfigError, loadConfig } from './configuration.js';

const base = { NODE_ENV: 'test' };

describe('security configuration', () => {
  it('reads the lockout, rate limit and CORS settings', () => {
    const security = loadConfig({
      ...base,
      LOGIN_MAX_FAILURES: '3',
      LOGIN_WINDOW: '1h',
      LOGIN_LOCK: '30s',
      AUTH_RATE_LIMIT: '20/10s',
      CORS_ORIGINS: 'https://a.example, https://b.example',
    }).security;
    expect(security).toMatchObject({
      loginMaxFailures: 3,
      loginWindowSeconds: 3600,
      loginLockSeconds: 30,
      authRateLimit: { limit: 20, windowSeconds: 10 },
      corsOrigins: ['https://a.example', 'https://b.example'],
    });
  });

  it.each([
    ['LOGIN_MAX_FAILURES', '0'],
    ['LOGIN_WINDOW', 'soon'],
    ['LOGIN_LOCK', '-5'],
    ['AUTH_RATE_LIMIT', '100'],
    ['AUTH_RATE_LIMIT', '0/1m'],
    ['TRUST_PROXY', 'everyone'],
    ['TRUST_PROXY', '10.0.0.0/33'],
    ['TRUST_PROXY', '10.0.0.1/8/1'],
    ['LOGIN_ACCOUNT_MAX_FAILURES', '0'],
    ['LOGIN_KNOWN_CLIENT_TTL', 'forever'],
    ['PASSWORD_HASH_MAX_QUEUE', '-1'],
    ['PASSWORD_HASH_MAX_WAIT_MS', '5'],
    ['PASSWORD_HASH_CONCURRENCY', '0'],
    ['PASSWORD_HASH_CONCURRENCY', 'all'],
    ['UV_THREADPOOL_SIZE', '0'],
  ])('refuses %s=%s with a ConfigError', (name, value) => {
    expect(() => loadConfig({ ...base, [name]: value })).toThrow(ConfigError);
  });

  it('reads TRUST_PROXY as a flag or a list of proxies', () => {
    expect(loadConfig({ ...base, TRUST_PROXY: 'true' }).security.trustProxy).toBe(true);
    expect(loadConfig({ ...base, TRUST_PROXY: 'false' }).security.trustProxy).toBe(false);
    expect(loadConfig({ ...base, TRUST_PROXY: 'loopback, 10.0.0.0/8, ::1' }).security.trustProxy).toEqual(['loopback', '10.0.0.0/8', '::1']);
  });

  it('allows many more failures per account than per client, ten times by default', () => {
    expect(loadConfig({ ...base, LOGIN_MAX_FAILURES: '3' }).security).toMatchObject({ loginMaxFailures: 3, loginAccountMaxFailures: 30 });
    expect(loadConfig({ ...base, LOGIN_ACCOUNT_MAX_FAILURES: '12', LOGIN_KNOWN_CLIENT_TTL: '7d' }).security).toMatchObject({
      loginAccountMaxFailures: 12,
      loginKnownClientSeconds: 7 * 86400,
    });
  });

  it('refuses an account-wide limit below the per-client one, with a one-line reason', () => {
    expect(() => loadConfig({ ...base, LOGIN_MAX_FAILURES: '5', LOGIN_ACCOUNT_MAX_FAILURES: '4' })).toThrow(
      'LOGIN_ACCOUNT_MAX_FAILURES must not be lower than LOGIN_MAX_FAILURES',
    );
  });

  it('runs one password hash per core but one by default, at least one, and fewer than libuv has threads', () => {
    const cores = availableParallelism();
    expect(loadConfig(base).security.passwordHashConcurrency).toBe(Math.max(1, Math.min(cores - 1, 3)));
    expect(loadConfig({ ...base, UV_THREADPOOL_SIZE: '64' }).security.passwordHashConcurrency).toBe(Math.max(1, Math.min(cores - 1, 63)));
    expect(loadConfig({ ...base, PASSWORD_HASH_CONCURRENCY: '3' }).security.passwordHashConcurrency).toBe(3);
  });

  it('refuses as many password hashes at once as libuv has threads, which would leave none to the database', () => {
    expect(() => loadConfig({ ...base, PASSWORD_HASH_CONCURRENCY: '4' })).toThrow(
      "PASSWORD_HASH_CONCURRENCY (4) must be below UV_THREADPOOL_SIZE (4): hashes on every thread of libuv's pool would stall every database query behind them",
    );
    expect(() => loadConfig({ ...base, UV_THREADPOOL_SIZE: '1' })).toThrow(ConfigError);
    expect(loadConfig({ ...base, PASSWORD_HASH_CONCURRENCY: '6', UV_THREADPOOL_SIZE: '8' }).security.passwordHashConcurrency).toBe(6);
  });

  it('reads the bounds of the password-hash queue', () => {
    expect(loadConfig({ ...base, PASSWORD_HASH_MAX_QUEUE: '0', PASSWORD_HASH_MAX_WAIT_MS: '250' }).security).toMatchObject({
      passwordHashMaxQueue: 0,
      passwordHashMaxWaitMs: 250,
    });
  });
});
