import { loginClientOf } from './login-client.js';

describe('loginClientOf', () => {
  it('counts an IPv4 address, also when it arrives IPv4-mapped', () => {
    expect(loginClientOf('203.0.113.7')).toBe('203.0.113.7');
    expect(loginClientOf('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts every address of one IPv6 /64 as one client, however it is written', () => {
    const client = loginClientOf('2001:db8:1:2::1');
    expect(client).toBe('2001:db8:1:2::/64');
    expect(loginClientOf('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe(client);
    expect(loginClientOf('2001:DB8:1:2:0:0:0:9%eth0')).toBe(client);
    expect(loginClientOf('2001:db8:1:3::1')).not.toBe(client);
    expect(loginClientOf('::1')).toBe('0:0:0:0::/64');
    expect(loginClientOf('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
  });

  it('puts anything unreadable into one shared bucket rather than a fresh one each time', () => {
    expect(loginClientOf(undefined)).toBe('unknown');
    expect(loginClientOf('not an ip')).toBe('unknown');
  });
});
