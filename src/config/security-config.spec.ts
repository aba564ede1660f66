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
  ])('refuses %s=%s with a ConfigError', (name, value) => {
    expect(() => loadConfig({ ...base, [name]: value })).toThrow(ConfigError);
  });

  it('reads TRUST_PROXY as a flag or a list of proxies', () => {
    expect(loadConfig({ ...base, TRUST_PROXY: 'true' }).security.trustProxy).toBe(true);
    expect(loadConfig({ ...base, TRUST_PROXY: 'false' }).security.trustProxy).toBe(false);
    expect(loadConfig({ ...base, TRUST_PROXY: 'loopback, 10.0.0.0/8, ::1' }).security.trustProxy).toEqual(['loopback', '10.0.0.0/8', '::1']);
  });
});
