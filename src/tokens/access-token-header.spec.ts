import { AccessTokenHeaderRules, checkAccessTokenHeader } from './access-token-header.js';

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const token = (header: unknown) => `${b64(header)}.${b64({ sub: 'x' })}.c2ln`;
const good = { alg: 'ES256', typ: 'at+jwt', kid: 'k1' };

describe('checkAccessTokenHeader', () => {
  it('accepts the pinned algorithm with typ at+jwt and a kid', () => {
    expect(checkAccessTokenHeader(token(good), 'ES256')).toEqual({ kid: 'k1' });
  });

  it.each([
    ['another algorithm', { ...good, alg: 'HS256' }],
    ['alg none', { ...good, alg: 'none' }],
    ['typ JWT', { ...good, typ: 'JWT' }],
    ['no typ', { alg: 'ES256', kid: 'k1' }],
    ['no kid', { alg: 'ES256', typ: 'at+jwt' }],
    ['numeric kid', { ...good, kid: 7 }],
    ['a jku', { ...good, jku: 'http://127.0.0.1/keys' }],
    ['an embedded jwk', { ...good, jwk: { kty: 'oct', k: 'AA' } }],
    ['an x5u', { ...good, x5u: 'http://127.0.0.1/cert' }],
    ['an x5c', { ...good, x5c: ['MII'] }],
    ['a crit header', { ...good, crit: ['exp'] }],
    ['an array header', [good]],
    ['a string header', 'hello'],
  ])('refuses %s', (_name, header) => {
    expect(checkAccessTokenHeader(token(header), 'ES256')).toHaveProperty('reason');
  });

  it('refuses wrong segment counts and junk', () => {
    expect(checkAccessTokenHeader('a.b', 'ES256')).toHaveProperty('reason');
    expect(checkAccessTokenHeader(`${token(good)}.extra`, 'ES256')).toHaveProperty('reason');
    expect(checkAccessTokenHeader('!!!.b.c', 'ES256')).toHaveProperty('reason');
    expect(checkAccessTokenHeader('.b.c', 'ES256')).toHaveProperty('reason');
  });

  it('refuses a segment that is not canonical base64url', () => {
    expect(checkAccessTokenHeader(`${token(good)}=`, 'ES256')).toEqual({ reason: 'not canonical base64url' });
    expect(checkAccessTokenHeader(token(good).replace(/c2ln$/, 'c2l+'), 'ES256')).toEqual({ reason: 'not canonical base64url' });
  });
});

describe('AccessTokenHeaderRules', () => {
  const inputs = [
    token(good),
    `${token(good)}.extra`,
    `${token(good)}=`,
    token(good).replace(/c2ln$/, 'c2l+'),
    token(good).replace(/c2ln$/, 'c2lu'),
    `${b64(good)}.${b64({ sub: 'x' })}`,
    `${b64(good)}..c2ln`,
    `${b64(good)}.e30=.c2ln`,
    `${b64(good)}.${b64({ sub: 'x' })}.c2ln.c2ln`,
    token({ ...good, kid: 'k2' }),
    token({ ...good, alg: 'HS256' }),
    token({ ...good, jku: 'http://127.0.0.1/keys' }),
    '.b.c',
    'a.b',
    '',
  ];

  it('answers exactly like checkAccessTokenHeader, before and after a header was remembered', () => {
    const rules = new AccessTokenHeaderRules('ES256');
    for (let pass = 0; pass < 2; pass++) {
      for (const input of inputs) expect(rules.check(input), input).toEqual(checkAccessTokenHeader(input, 'ES256'));
    }
  });

  it('stays bounded when a client makes up headers', () => {
    const rules = new AccessTokenHeaderRules('ES256');
    for (let i = 0; i < 1000; i++) expect(rules.check(token({ ...good, kid: `k${i}` }))).toEqual({ kid: `k${i}` });
    expect(rules.check(token(good))).toEqual({ kid: 'k1' });
  });
});
