import { keyToActivate, retirementTimes, signingIndex } from './key-schedule.js';

describe('key schedule', () => {
  const grace = 7_000;

  it('keeps a lone key and the newest active key verifying indefinitely', () => {
    expect(retirementTimes([{ activeFromMs: 100 }], grace)).toEqual([undefined]);
    expect(retirementTimes([{ activeFromMs: 100 }, { activeFromMs: 500 }], grace)).toEqual([500 + grace, undefined]);
  });

  it('retires a key TTL + tolerance after the first newer key took over, even a staged one in the future', () => {
    const keys = [{ activeFromMs: 100 }, { activeFromMs: 900 }, { activeFromMs: 400 }];
    expect(retirementTimes(keys, grace)).toEqual([400 + grace, 400 + grace, undefined]);
  });

  it('does not retire a key whose successors were never activated (they sign only from the next start)', () => {
    expect(retirementTimes([{ activeFromMs: 100 }, {}], grace)).toEqual([undefined, undefined]);
  });

  it('signs with the newest key already active', () => {
    const keys = [{ activeFromMs: 100 }, { activeFromMs: 1_000 }, {}];
    expect(signingIndex(keys, 999)).toBe(0);
    expect(signingIndex(keys, 1_000)).toBe(1);
    expect(signingIndex([{}], 1_000)).toBe(-1);
  });

  it('activates at start the newest never-activated key that is newer than the signing one', () => {
    expect(keyToActivate([{ activeFromMs: 100 }, {}, {}], 500)).toBe(2);
    expect(keyToActivate([{ activeFromMs: 100 }], 500)).toBe(-1);
    expect(keyToActivate([{}, { activeFromMs: 100 }], 500)).toBe(-1);
    expect(keyToActivate([{ activeFromMs: 100 }, {}, { activeFromMs: 9_000 }], 500)).toBe(1);
  });
});
