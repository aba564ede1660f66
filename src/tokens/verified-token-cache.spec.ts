import { Role } from '../authorization/index.js';
import { VerifiedTokenCache } from './verified-token-cache.js';

const user = (exp: number) => ({ id: 'u', sid: 's', jti: 'j', exp, roles: [Role.User] });

describe('VerifiedTokenCache', () => {
  it('returns a verified token until exp + tolerance, then forgets it', () => {
    let now = 1_000_000;
    const cache = new VerifiedTokenCache(10, 5, () => now);
    cache.set('t', user(1_010));
    expect(cache.get('t')).toEqual(user(1_010));
    now = 1_014_999;
    expect(cache.get('t')).toBeDefined();
    now = 1_015_000;
    expect(cache.get('t')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keys on the whole token: another token string is a miss', () => {
    const cache = new VerifiedTokenCache(10, 5, () => 0);
    cache.set('header.payload.sig', user(100));
    expect(cache.get('header.payload.sig2')).toBeUndefined();
    expect(cache.get('header.payload.si')).toBeUndefined();
  });

  it('stays within its bound by dropping the oldest entry', () => {
    const cache = new VerifiedTokenCache(2, 5, () => 0);
    cache.set('a', user(100));
    cache.set('b', user(100));
    // Full: 'c' gets in on its second sighting, and the oldest entry makes room.
    cache.set('c', user(100));
    cache.set('c', user(100));
    expect(cache.size).toBe(2);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('c')).toBeDefined();
  });

  it('hands out copies, so a caller cannot change what later requests see', () => {
    const cache = new VerifiedTokenCache(10, 5, () => 0);
    cache.set('t', user(100));
    cache.get('t')!.roles.push(Role.Admin);
    expect(cache.get('t')!.roles).toEqual([Role.User]);
  });
});

describe('VerifiedTokenCache keyed by the last segment', () => {
  it('never answers for another token that shares the signature segment', () => {
    const cache = new VerifiedTokenCache(10, 5, () => 0);
    cache.set('header.payload.sig', user(100));
    expect(cache.get('header.forged-payload.sig')).toBeUndefined();
    expect(cache.get('other-header.payload.sig')).toBeUndefined();
    expect(cache.get('header.payload.sig')).toEqual(user(100));
  });
});

describe('VerifiedTokenCache admission once full', () => {
  it('lets a new token in only on its second sighting, so a stream of new tokens does not churn it', () => {
    const cache = new VerifiedTokenCache(2, 5, () => 0);
    cache.set('h.p.first', user(100));
    cache.set('h.p.second', user(100));
    cache.set('h.p.third', user(100));
    expect(cache.get('h.p.third')).toBeUndefined();
    expect(cache.get('h.p.first')).toBeDefined();
    cache.set('h.p.third', user(100));
    expect(cache.get('h.p.third')).toBeDefined();
    expect(cache.size).toBe(2);
  });
});
