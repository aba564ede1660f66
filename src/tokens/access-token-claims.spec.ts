import { buildPayload, toAuthUser } from './access-token-claims.js';
import { Role } from '../authorization/index.js';

const valid = { sub: 'u1', sid: 's1', jti: 'j1', iat: 1, exp: 2, roles: ['user'], iss: 'gatehouse', aud: 'gatehouse-api' };

describe('access token claims', () => {
  it('puts only sid and roles in the private payload', () => {
    expect(buildPayload('s1', [Role.Editor])).toEqual({ sid: 's1', roles: ['editor'] });
  });

  it('maps a complete payload to the caller', () => {
    expect(toAuthUser(valid, 905)).toEqual({ id: 'u1', sid: 's1', jti: 'j1', exp: 2, roles: ['user'] });
  });

  it.each(['sub', 'sid', 'jti', 'exp', 'iat', 'roles'])('rejects a payload without %s', (claim) => {
    const payload: Record<string, unknown> = { ...valid };
    delete payload[claim];
    expect(toAuthUser(payload, 905)).toBeUndefined();
  });

  it('rejects unknown, empty or non-array roles', () => {
    expect(toAuthUser({ ...valid, roles: ['root'] }, 905)).toBeUndefined();
    expect(toAuthUser({ ...valid, roles: [] }, 905)).toBeUndefined();
    expect(toAuthUser({ ...valid, roles: 'admin' }, 905)).toBeUndefined();
  });

  it('rejects a string exp', () => {
    expect(toAuthUser({ ...valid, exp: '9999999999' }, 905)).toBeUndefined();
  });

  it('refuses a token that lives longer than the configured TTL plus tolerance (signed under an older, longer TTL)', () => {
    expect(toAuthUser({ ...valid, iat: 1000, exp: 1905 }, 905)).toBeDefined();
    expect(toAuthUser({ ...valid, iat: 1000, exp: 1906 }, 905)).toBeUndefined();
    expect(toAuthUser({ ...valid, iat: 1000, exp: 4600 }, 905)).toBeUndefined();
  });
});
