import { canonicalRow, chainHash, GENESIS_HASH } from './audit-chain.js';
import { pendingRow } from './audit-record.js';

const fields = { ...pendingRow({ type: 'user.created', actor: { kind: 'operator-cli' }, subjectId: 'u', outcome: 'success' }, 1000), seq: 1 };

describe('the audit hash chain', () => {
  it('depends on every column, the place in the chain and the previous hash', () => {
    const base = chainHash(GENESIS_HASH, fields);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    for (const change of [{ seq: 2 }, { at: 1001 }, { type: 'user.deleted' }, { actorId: 'system' }, { details: '{"x":1}' }, { ip: '10.0.0.1' }]) {
      expect(chainHash(GENESIS_HASH, { ...fields, ...change })).not.toBe(base);
    }
    expect(chainHash('1'.repeat(64), fields)).not.toBe(base);
  });

  it('keys the hash with AUDIT_HMAC_KEY, so it cannot be recomputed without the key', () => {
    const key = Buffer.from('k'.repeat(32));
    expect(chainHash(GENESIS_HASH, fields, key)).not.toBe(chainHash(GENESIS_HASH, fields));
    expect(chainHash(GENESIS_HASH, fields, key)).toBe(chainHash(GENESIS_HASH, fields, Buffer.from('k'.repeat(32))));
  });

  it('reads values with separators in them unambiguously', () => {
    const a = canonicalRow({ ...fields, ip: 'a","b', userAgent: null });
    const b = canonicalRow({ ...fields, ip: 'a', userAgent: 'b' });
    expect(a).not.toBe(b);
  });
});
