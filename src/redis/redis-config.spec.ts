import { ConfigError, loadConfig } from '../config/index.js';

describe('Redis and scale-out configuration', () => {
  it('leaves Redis off by default, with the documented prefix and fail-closed revocation', () => {
    const config = loadConfig({});
    expect(config.redisUrl).toBeUndefined();
    expect(config.redisKeyPrefix).toBe('gatehouse:');
    expect(config.security.revocationFailOpen).toBe(false);
  });

  it('takes redis:// and rediss:// URLs and a custom prefix', () => {
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).redisUrl).toBe('redis://127.0.0.1:6379');
    expect(loadConfig({ REDIS_URL: 'rediss://user:pw@cache:6380/2' }).redisUrl).toBe('rediss://user:pw@cache:6380/2');
    expect(loadConfig({ REDIS_KEY_PREFIX: 'prod-eu:' }).redisKeyPrefix).toBe('prod-eu:');
  });

  it.each([
    [{ REDIS_URL: 'http://cache:6379' }, /REDIS_URL/],
    [{ REDIS_URL: '127.0.0.1:6379' }, /REDIS_URL/],
    [{ REDIS_KEY_PREFIX: 'has space' }, /REDIS_KEY_PREFIX/],
    [{ REDIS_KEY_PREFIX: '*' }, /REDIS_KEY_PREFIX/],
    [{ REVOCATION_FAIL_OPEN: 'maybe' }, /REVOCATION_FAIL_OPEN/],
    [{ DB_POOL_SIZE: '0' }, /DB_POOL_SIZE/],
    [{ DB_STATEMENT_TIMEOUT_MS: 'soon' }, /DB_STATEMENT_TIMEOUT_MS/],
  ])('refuses %o with a one-line reason', (env, reason) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(reason);
  });

  it('selects PostgreSQL from a postgres:// DATABASE_URL with the pool and timeout settings', () => {
    const db = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/gh', DB_POOL_SIZE: '20', DB_CONNECT_TIMEOUT_MS: '1500' }).database;
    expect(db).toMatchObject({ type: 'postgres', url: 'postgres://u:p@db:5432/gh', poolSize: 20, connectTimeoutMs: 1500, statementTimeoutMs: 5000 });
  });
});
