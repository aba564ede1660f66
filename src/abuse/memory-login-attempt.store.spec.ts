import { MemoryLoginAttemptStore } from './memory-login-attempt.store.js';

const policy = { maxFailures: 3, windowSeconds: 60, lockSeconds: 120 };

describe('MemoryLoginAttemptStore', () => {
  let now: number;
  let store: MemoryLoginAttemptStore;
  beforeEach(() => {
    now = 1_000_000;
    store = new MemoryLoginAttemptStore(() => now);
  });

  async function failOnce(key = 'k'): Promise<boolean> {
    expect((await store.begin(key, policy)).retryAfterSeconds).toBe(0);
    return store.fail(key, policy);
  }

  it('locks on the failure that reaches the limit and refuses further attempts with the remaining time', async () => {
    expect(await failOnce()).toBe(false);
    expect(await failOnce()).toBe(false);
    expect(await failOnce()).toBe(true);
    now += 30_000;
    expect(await store.begin('k', policy)).toEqual({ retryAfterSeconds: 90, lockedNow: false });
  });

  it('ends a lock at once on unlock (a password reset), with a fresh counter', async () => {
    for (let i = 0; i < 3; i++) await failOnce();
    expect((await store.begin('k', policy)).retryAfterSeconds).toBeGreaterThan(0);
    await store.unlock('k');
    expect(await store.begin('k', policy)).toEqual({ retryAfterSeconds: 0, lockedNow: false });
  });

  it('opens again when the lock ends, with a fresh counter', async () => {
    for (let i = 0; i < 3; i++) await failOnce();
    now += 120_000;
    expect(await failOnce()).toBe(false);
    expect(await failOnce()).toBe(false);
    expect(await failOnce()).toBe(true);
  });

  it('forgets failures older than the window', async () => {
    await failOnce();
    await failOnce();
    now += 60_000;
    expect(await failOnce()).toBe(false);
    expect(await failOnce()).toBe(false);
  });

  it('starts over after a success', async () => {
    await failOnce();
    await failOnce();
    await store.reset('k');
    expect(await failOnce()).toBe(false);
    expect(await failOnce()).toBe(false);
  });

  it('counts parallel attempts before their outcome, so a burst cannot exceed the limit', async () => {
    const verdicts = await Promise.all(Array.from({ length: 10 }, () => store.begin('k', policy)));
    expect(verdicts.filter((v) => v.retryAfterSeconds === 0)).toHaveLength(3);
    expect(verdicts.filter((v) => v.lockedNow)).toHaveLength(1);
  });

  it('keeps keys apart', async () => {
    for (let i = 0; i < 3; i++) await failOnce('a');
    expect((await store.begin('b', policy)).retryAfterSeconds).toBe(0);
  });

  it('takes back one attempt that had no outcome, but never a lock', async () => {
    await failOnce();
    await failOnce();
    expect((await store.begin('k', policy)).retryAfterSeconds).toBe(0);
    await store.release('k');
    expect(await failOnce()).toBe(true);
    await store.release('k');
    expect((await store.begin('k', policy)).retryAfterSeconds).toBe(120);
  });

  it('remembers a known client until its time is up', async () => {
    expect(await store.knows('c')).toBe(false);
    await store.remember('c', 10);
    expect(await store.knows('c')).toBe(true);
    expect(await store.knows('other')).toBe(false);
    now += 10_000;
    expect(await store.knows('c')).toBe(false);
  });
});
