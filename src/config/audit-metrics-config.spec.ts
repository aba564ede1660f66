import { ConfigError, loadConfig } from './configuration.js';

describe('loadConfig: audit and metrics', () => {
  it('reads AUDIT_RETENTION as a duration and AUDIT_HMAC_KEY as bytes', () => {
    const config = loadConfig({ AUDIT_RETENTION: '90d', AUDIT_HMAC_KEY: 'k'.repeat(32) });
    expect(config.audit.retentionSeconds).toBe(90 * 86400);
    expect(config.audit.hmacKey?.equals(Buffer.from('k'.repeat(32)))).toBe(true);
  });

  it('refuses a retention under a day, a malformed one, and a short HMAC key', () => {
    expect(() => loadConfig({ AUDIT_RETENTION: '1h' })).toThrow(/^AUDIT_RETENTION must be at least 1d/);
    expect(() => loadConfig({ AUDIT_RETENTION: 'forever' })).toThrow(ConfigError);
    expect(() => loadConfig({ AUDIT_HMAC_KEY: 'short' })).toThrow('AUDIT_HMAC_KEY must be at least 32 bytes');
  });

  it('turns /metrics on only with a METRICS_TOKEN of 16 to 256 printable characters', () => {
    expect(loadConfig({}).metrics.token).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: 'scrape-token-0123456789' }).metrics.token).toBe('scrape-token-0123456789');
    for (const bad of ['short', 'has a space in it here', 'x'.repeat(257)]) {
      expect(() => loadConfig({ METRICS_TOKEN: bad })).toThrow('METRICS_TOKEN must be 16 to 256 printable characters without spaces');
    }
  });
});
