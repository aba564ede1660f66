import { Role } from '../authorization/index.js';
import { VerifiedTokenCache } from './verified-token-cache.js';

const user = (exp: number) => ({ id: 'u', sid: 's', jti: 'j', exp, roles: [Role.User] });

/** A token verified twice lately, as a client that repeats it: the second time it is remembered. */
function admit(cache: VerifiedTokenCache, token: string, verified: ReturnType<typeof user>): void {
  cache.set(token, verified);
  cache.set(token, verified);
}

describe('VerifiedTokenCache', () => {
  it('returns a verified token until exp + tolerance, then forgets it', () => {
    let now = 1_000_000;
    const cache = new VerifiedTokenCache(10, 5, () => now);
    admit(cache, 't', user(1_010));
    expect(cache.get('t')).toEqual(user(1_010));
    now = 1_014_999;
    expect(cache.get('t')).toBeDefined();
    now = 1_015_000;
    expect(cache.get('t')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keys on the whole token: another token string is a miss', () => {
    const cache = new VerifiedTokenCache(10, 5, () => 0);
    admit(cache, 'header.payload.sig', user(100));
    expect(cache.get('header.payload.sig2')).toBeUndefined();
    expect(cache.get('header.payload.si')).toBeUndefined();
  });

  it('stays within its bound by dropping the oldest entry', () => {
    const cache = new VerifiedTokenCache(2, 5, () => 0);
    admit(cache, 'a', user(100));
    admit(cache, 'b', user(100));
    admit(cache, 'c', user(100));
    expect(cache.size).toBe(2);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('c')).toBeDefined();
  });

  it('hands out copies, so a caller cannot change what later requests see', () => {
    const cache = new VerifiedTokenCache(10, 5, () => 0);
    admit(cache, 't', user(100));
    cache.get('t')!.roles.push(Role.Admin);
    expect(cache.get('t')!.roles).toEqual([Role.User]);
  });
});

describe('VerifiedTokenCache keyed by the last segment', () => {
  it('never answers for another token that shares the signature segment', () => {
    const cache = new VerifiedTokenCache(10, 5, () => 0);
    admit(cache, 'header.payload.sig', user(100));
    expect(cache.get('header.forged-payload.sig')).toBeUndefined();
    expect(cache.get('other-header.payload.sig')).toBeUndefined();
    expect(cache.get('header.payload.sig')).toEqual(user(100));
  });
});

describe('VerifiedTokenCache admission', () => {
  it('remembers a token on its second sighting, not its first', () => {
    const cache = new VerifiedTokenCache(10, 5, () => 0);
    cache.set('h.p.once', user(100));
    expect(cache.get('h.p.once')).toBeUndefined();
    cache.set('h.p.once', user(100));
    expect(cache.get('h.p.once')).toEqual(user(100));
  });

  it('is not filled by many users seen once each', () => {
    const cache = new VerifiedTokenCache(10_000, 5, () => 0);
    for (let i = 0; i < 20_000; i++) cache.set(`h.p.${i.toString(36).padStart(12, 'x')}`, user(100));
    expect(cache.size).toBeLessThan(100);
  });
});
