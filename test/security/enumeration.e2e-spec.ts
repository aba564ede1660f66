import { performance } from 'node:perf_hooks';
import { startApp, uniqueEmail, type TestApp } from '../support/test-app.js';

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// Login must not tell whether an email has an account: not in the status, the body, the headers, or the time.
describe('account enumeration through login', () => {
  let t: TestApp;
  let known: string;
  beforeAll(async () => {
    // Lockout and the rate limit would otherwise end the sampling early.
    t = await startApp({ LOGIN_MAX_FAILURES: '1000', AUTH_RATE_LIMIT: '1000/1m' });
    known = (await t.user()).email;
  });
  afterAll(() => t.close());

  const login = (email: string) => t.http().post('/auth/login').send({ email, password: 'definitely the wrong password' });
  // Headers that differ per response whatever the account.
  const VOLATILE = new Set(['date', 'x-request-id', 'x-ratelimit-remaining', 'x-ratelimit-reset']);
  const stableHeaders = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).filter(([name]) => !VOLATILE.has(name)));

  it('answers an unknown email and a wrong password with the same status, body and headers', async () => {
    const wrongPassword = await login(known);
    const unknownEmail = await login(uniqueEmail('nobody'));
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(wrongPassword.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Invalid credentials', code: 'AUTH_INVALID_CREDENTIALS' });
    expect(unknownEmail.body).toEqual(wrongPassword.body);
    expect(stableHeaders(unknownEmail.headers)).toEqual(stableHeaders(wrongPassword.headers));
  });

  it('takes about as long for an unknown email as for a wrong password (medians within 1.5x)', async () => {
    const timed = async (email: string) => {
      const start = performance.now();
      const res = await login(email);
      const elapsed = performance.now() - start;
      expect(res.status).toBe(401);
      return elapsed;
    };
    // Warm-up: first requests pay for JIT and connection setup.
    for (let i = 0; i < 3; i++) {
      await timed(known);
      await timed(uniqueEmail('warm'));
    }
    const wrongPassword: number[] = [];
    const unknownEmail: number[] = [];
    // Interleaved, so load from other processes on the machine hits both series alike.
    for (let i = 0; i < 15; i++) {
      wrongPassword.push(await timed(known));
      unknownEmail.push(await timed(uniqueEmail('nobody')));
    }
    const [a, b] = [median(wrongPassword), median(unknownEmail)];
    const ratio = Math.max(a, b) / Math.min(a, b);
    console.log(`login timing medians: wrong password ${a.toFixed(1)} ms, unknown email ${b.toFixed(1)} ms, ratio ${ratio.toFixed(2)}`);
    expect(ratio).toBeLessThan(1.5);
  });
});
