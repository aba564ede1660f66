import { ConfigError, loadConfig } from './configuration.js';

const base = { NODE_ENV: 'test' };

describe('MAX_SESSIONS_PER_USER', () => {
  it('defaults to 100 and reads a positive integer', () => {
    expect(loadConfig(base).security.maxSessionsPerUser).toBe(100);
    expect(loadConfig({ ...base, MAX_SESSIONS_PER_USER: '' }).security.maxSessionsPerUser).toBe(100);
    expect(loadConfig({ ...base, MAX_SESSIONS_PER_USER: '1' }).security.maxSessionsPerUser).toBe(1);
    expect(loadConfig({ ...base, MAX_SESSIONS_PER_USER: '10000' }).security.maxSessionsPerUser).toBe(10_000);
  });

  it.each(['0', '-1', '2.5', 'many', '10001'])('refuses %s with a one-line ConfigError', (value) => {
    expect(() => loadConfig({ ...base, MAX_SESSIONS_PER_USER: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, MAX_SESSIONS_PER_USER: value })).toThrow(/^MAX_SESSIONS_PER_USER must be an integer from 1 to 10000/);
  });
});
