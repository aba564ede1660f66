import { DataSource } from 'typeorm';
import { runCli } from '../src/cli/index.js';
import { waitFor } from './support/redis-server.js';
import { startApp, type TestApp } from './support/test-app.js';

// The scheduled path of issue 17: the hourly retention job, run by its own timer rather than called by the test. The
// app's intervals run on a fake clock (I/O and setTimeout stay real), and Date.now() is moved a day and a minute on
// (faking the Date class itself would hide it from TypeORM's column types at start-up).
describe('the audit retention job', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    vi.restoreAllMocks();
    await t?.close();
    vi.useRealTimers();
  });

  it('prunes by itself, hourly, as `system`, and what remains still verifies', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    t = await startApp({ AUDIT_RETENTION: '1d' });
    const app = t;
    await app.user();
    const db = app.app.get(DataSource);
    const rows = async (where = '1 = 1') => Number((await db.query(`SELECT COUNT(*) AS n FROM audit_events WHERE ${where}`))[0].n);
    const before = await rows();
    expect(before).toBeGreaterThan(2);

    // Within the retention nothing goes, however often the job runs.
    vi.advanceTimersByTime(2 * 60 * 60_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(await rows("type = 'audit.pruned'")).toBe(0);

    const later = Date.now() + 86_400_000 + 60_000;
    vi.spyOn(Date, 'now').mockImplementation(() => later);
    vi.advanceTimersByTime(60 * 60_000);
    await waitFor(async () => (await rows("type = 'audit.pruned'")) === 1, 10_000, 'the retention job pruning');
    const [record] = await db.query(`SELECT "actorId", details FROM audit_events WHERE type = 'audit.pruned'`);
    expect(record.actorId).toBe('system');
    expect(JSON.parse(record.details)).toMatchObject({ rows: before });
    expect(await rows()).toBe(1);

    let out = '';
    const code = await runCli(['audit-verify'], app.config, { out: (l) => (out += l), err: () => undefined, readStdin: async () => undefined });
    expect(code).toBe(0);
    expect(out).toMatch(/ok|verified/i);
  });
});
