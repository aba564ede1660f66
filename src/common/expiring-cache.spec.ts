import { ExpiringCache } from './expiring-cache.js';

describe('ExpiringCache', () => {
  it('forgets an entry at its expiry time', () => {
    let now = 0;
    const cache = new ExpiringCache<number>(10, () => now);
    cache.set('a', 1, 100);
    now = 99;
    expect(cache.get('a')).toBe(1);
    now = 100;
    expect(cache.get('a')).toBeUndefined();
  });

  it('drops the oldest insertion first and never holds more than its bound', () => {
    const cache = new ExpiringCache<number>(3, () => 0);
    for (let i = 0; i < 1000; i++) {
      cache.set(`k${i}`, i, 100);
      expect(cache.size).toBeLessThanOrEqual(3);
    }
    expect(cache.get('k996')).toBeUndefined();
    expect([cache.get('k997'), cache.get('k998'), cache.get('k999')]).toEqual([997, 998, 999]);
  });

  it('updates a key in place without taking a second slot', () => {
    const cache = new ExpiringCache<number>(2, () => 0);
    cache.set('a', 1, 100);
    cache.set('a', 2, 100);
    cache.set('b', 3, 100);
    expect(cache.get('a')).toBe(2);
    expect(cache.get('b')).toBe(3);
    expect(cache.size).toBe(2);
  });

  it('stays bounded when keys expire and come back', () => {
    let now = 0;
    const cache = new ExpiringCache<number>(4, () => now);
    for (let i = 0; i < 200; i++) {
      now = i;
      cache.set(`k${i % 6}`, i, i + 2);
      cache.get(`k${(i + 3) % 6}`);
      expect(cache.size).toBeLessThanOrEqual(4);
    }
  });

  it('keeps nothing with a bound of zero', () => {
    const cache = new ExpiringCache<number>(0);
    cache.set('a', 1, Date.now() + 1000);
    expect(cache.get('a')).toBeUndefined();
  });
});
