import { ConcurrencyLimit, QueueFullError } from './concurrency-limit.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ConcurrencyLimit', () => {
  it('never runs more than the limit at once, and runs every task', async () => {
    const limit = new ConcurrencyLimit(2);
    let active = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        limit.run(async () => {
          active += 1;
          peak = Math.max(peak, active);
          await new Promise((r) => setTimeout(r, 5));
          active -= 1;
          return i;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('frees the slot when a task fails', async () => {
    const limit = new ConcurrencyLimit(1);
    await expect(limit.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limit.run(async () => 'next')).resolves.toBe('next');
  });

  it('refuses at once a task that finds the queue full, and runs it not at all', async () => {
    const limit = new ConcurrencyLimit(1, { maxQueue: 2, maxWaitMs: 10_000 });
    let release!: () => void;
    const blocker = limit.run(() => new Promise<void>((resolve) => (release = resolve)));
    const queued = [limit.run(async () => 'a'), limit.run(async () => 'b')];
    let ran = false;
    await expect(limit.run(async () => (ran = true))).rejects.toEqual(new QueueFullError('length'));
    expect(ran).toBe(false);
    release();
    await blocker;
    await expect(Promise.all(queued)).resolves.toEqual(['a', 'b']);
    expect(limit.queued).toBe(0);
  });

  it('refuses a task that waited longer than maxWaitMs and gives its place to the next one', async () => {
    const limit = new ConcurrencyLimit(1, { maxQueue: 10, maxWaitMs: 50 });
    const blocker = limit.run(() => sleep(150));
    const started = Date.now();
    let ran = false;
    await expect(limit.run(async () => (ran = true))).rejects.toEqual(new QueueFullError('wait'));
    expect(Date.now() - started).toBeLessThan(140);
    expect(ran).toBe(false);
    expect(limit.queued).toBe(0);
    await blocker;
    await expect(limit.run(async () => 'after')).resolves.toBe('after');
  });
});
