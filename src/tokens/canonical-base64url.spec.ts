import { hasCanonicalSegments, isCanonicalBase64url } from './canonical-base64url.js';

describe('isCanonicalBase64url', () => {
  it('accepts what Buffer encodes, including the empty segment', () => {
    for (const length of [0, 1, 2, 3, 16, 32, 64, 256]) {
      expect(isCanonicalBase64url(Buffer.alloc(length, 0xfb).toString('base64url'))).toBe(true);
    }
  });

  it.each([
    ['padding', 'AQ=='],
    ['the + alphabet', '-_+A'],
    ['the / alphabet', '-_/A'],
    ['non-zero trailing bits (2 spare bits)', 'AQJ'],
    ['non-zero trailing bits (4 spare bits)', 'AR'],
    ['an impossible length', 'AAAAA'],
    ['whitespace', 'AQ I'],
    ['a non-ASCII letter', 'AQé'],
  ])('refuses %s', (_name, segment) => {
    expect(isCanonicalBase64url(segment)).toBe(false);
  });
});

describe('hasCanonicalSegments', () => {
  it('checks every segment, empty ones included', () => {
    expect(hasCanonicalSegments('eyJhIjoxfQ..AQ.AQJ')).toBe(false);
    expect(hasCanonicalSegments('eyJhIjoxfQ..AQ.AQI')).toBe(true);
  });
});

describe('isCanonicalBase64url agrees with a decode and re-encode', () => {
  it('for every two- and three-character segment', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (const a of alphabet) {
      for (const b of alphabet) {
        for (const segment of [a + b, 'A' + a + b, 'AAA' + a + b, a]) {
          const reencoded = Buffer.from(segment, 'base64url').toString('base64url') === segment;
          expect(isCanonicalBase64url(segment), segment).toBe(reencoded);
        }
      }
    }
  });
});
