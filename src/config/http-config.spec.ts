import { ConfigError, loadConfig } from './configuration.js';

describe('HOST and PUBLIC_URL', () => {
  it('binds every IPv4 interface by default, and loopback or any address or name when told', () => {
    expect(loadConfig({}).http.host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '127.0.0.1' }).http.host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '::1' }).http.host).toBe('::1');
    expect(loadConfig({ HOST: 'localhost' }).http.host).toBe('localhost');
  });

  it('refuses a HOST that is neither an address nor a host name', () => {
    for (const host of ['127.0.0.1:3000', 'http://localhost', 'a b', '-bad']) {
      expect(() => loadConfig({ HOST: host })).toThrow(ConfigError);
    }
  });

  it('names the public URL after the port by default, and takes the proxy URL without its trailing slash', () => {
    expect(loadConfig({ PORT: '8080' }).http.publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ PUBLIC_URL: 'https://auth.example.com/' }).http.publicUrl).toBe('https://auth.example.com');
    expect(loadConfig({ PUBLIC_URL: 'https://example.com/gatehouse/' }).http.publicUrl).toBe('https://example.com/gatehouse');
  });

  it('refuses a PUBLIC_URL that is not a plain http(s) URL', () => {
    for (const url of ['auth.example.com', 'ftp://example.com', 'https://user:pw@example.com', 'https://example.com/?a=1']) {
      expect(() => loadConfig({ PUBLIC_URL: url })).toThrow(/PUBLIC_URL/);
    }
  });
});
