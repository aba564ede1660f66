import { performance } from 'node:perf_hooks';
import { startApp, uniqueEmail, type TestApp } from '../support/test-app.js';

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// POST /auth/password/forgot must not tell whether an address has an account (or a disabled one): not in the
// status, the body, the headers, or the time. Modelled on enumeration.e2e-spec.ts (login).
describe('account enumeration through password reset', () => {
  let t: TestApp;
  let real: string;
  let disabled: string;
  beforeAll(async () => {
    // Every request to the real account sends a mail (no per-account cap), the heaviest case for the timing.
    t = await startApp({ AUTH_RATE_LIMIT: '1000/1m', RECOVERY_MAILS_PER_ACCOUNT: '1000', RECOVERY_MAILS_PER_IP: '100000' });
    real = (await t.user()).email;
    const off = await t.user();
    const admin = await t.admin();
    await t.http().patch(`/users/${off.id}/status`).set('Authorization', admin.auth).send({ disabled: true }).expect(200);
    disabled = off.email;
  });
  afterAll(() => t.close());

  const forgot = (email: string) => t.http().post('/auth/password/forgot').send({ email });
  const VOLATILE = new Set(['date', 'x-request-id', 'x-ratelimit-remaining', 'x-ratelimit-reset']);
  const stableHeaders = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).filter(([name]) => !VOLATILE.has(name)));

  it('answers an unknown, a disabled and a real account with the same status, body and headers', async () => {
    const answers = [await forgot(real), await forgot(disabled), await forgot(uniqueEmail('nobody'))];
    for (const res of answers) {
      expect(res.status).toBe(202);
      expect(res.body).toEqual({});
      expect(stableHeaders(res.headers)).toEqual(stableHeaders(answers[0].headers));
    }
  });

  it('takes about as long for an unknown or disabled address as for a real one (medians within 1.5x)', async () => {
    const timed = async (email: string) => {
      const start = performance.now();
      const res = await forgot(email);
      const elapsed = performance.now() - start;
      expect(res.status).toBe(202);
      return elapsed;
    };
    for (let i = 0; i < 3; i++) {
      await timed(real);
      await timed(disabled);
      await timed(uniqueEmail('warm'));
    }
    const series = { real: [] as number[], disabled: [] as number[], unknown: [] as number[] };
    // Interleaved, so load from other processes on the machine hits every series alike.
    for (let i = 0; i < 15; i++) {
      series.real.push(await timed(real));
      series.disabled.push(await timed(disabled));
      series.unknown.push(await timed(uniqueEmail('nobody')));
    }
    const [a, b, c] = [median(series.real), median(series.disabled), median(series.unknown)];
    const ratio = Math.max(a, b, c) / Math.min(a, b, c);
    console.log(`forgot timing medians: real ${a.toFixed(1)} ms, disabled ${b.toFixed(1)} ms, unknown ${c.toFixed(1)} ms, ratio ${ratio.toFixed(2)}`);
    expect(ratio).toBeLessThan(1.5);
  });
});
