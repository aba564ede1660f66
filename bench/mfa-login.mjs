// The cost of a two-step login (password, then a TOTP code) beside a password-only login, in the same run and the
// same way: CONCURRENCY clients each log in once per account, since a TOTP code is accepted once per account and step.
// `node bench/mfa-login.mjs` runs it alone against dist/ (npm run build first); npm run bench runs it within the bench.
import { randomUUID } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

const PASSWORD = 'benchmark password 1';
const CONCURRENCY = Number(process.env.BENCH_MFA_CONCURRENCY || 4);
const ACCOUNTS = Number(process.env.BENCH_MFA_ACCOUNTS || 60);
const ROUNDS = Number(process.env.BENCH_MFA_ROUNDS || 3);

async function post(base, path, body, headers = {}) {
  const res = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** Runs `task` once per item with CONCURRENCY in flight; the latency of each, in ms, added to `latencies`. */
async function timeEach(items, task, latencies) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      const start = performance.now();
      await task(item);
      latencies.push(performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

function summary(latencies) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (ms) => Math.round(ms * 10) / 10;
  return { n: sorted.length, p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)) };
}

async function account(base, withTotp) {
  const email = `bench-mfa-${randomUUID()}@example.com`;
  await post(base, '/auth/register', { email, password: PASSWORD });
  if (!withTotp) return { email };
  const { accessToken } = await post(base, '/auth/login', { email, password: PASSWORD });
  const auth = { authorization: `Bearer ${accessToken}` };
  const { secret } = await post(base, '/auth/mfa/totp/setup', { currentPassword: PASSWORD }, auth);
  const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 });
  await post(base, '/auth/mfa/totp/confirm', { code: totp.generate() }, auth);
  return { email, totp };
}

/**
 * p50/p99 of a password login and of a two-step login (both requests), over ACCOUNTS logins each, in ROUNDS
 * interleaved rounds (a part of each set per round), so that neither kind runs on a colder or warmer process.
 */
export async function measureMfaLogin(base) {
  const plain = [];
  const mfa = [];
  for (let i = 0; i < ACCOUNTS; i++) {
    plain.push(await account(base, false));
    mfa.push(await account(base, true));
  }
  const latencies = { password: [], twoStep: [] };
  const share = Math.ceil(ACCOUNTS / ROUNDS);
  for (let round = 0; round < ROUNDS; round++) {
    const part = (list) => list.slice(round * share, (round + 1) * share);
    await timeEach(
      part(plain),
      async ({ email }) => {
        const body = await post(base, '/auth/login', { email, password: PASSWORD });
        if (!body.accessToken) throw new Error('password login gave no token');
      },
      latencies.password,
    );
    await timeEach(
      part(mfa),
      async ({ email, totp }) => {
        const { mfaToken } = await post(base, '/auth/login', { email, password: PASSWORD });
        // The next step's code: the current one was spent by the confirmation (one step either side is accepted).
        const body = await post(base, '/auth/login/mfa', { mfaToken, code: totp.generate({ timestamp: Date.now() + 30_000 }) });
        if (!body.accessToken) throw new Error('two-step login gave no token');
      },
      latencies.twoStep,
    );
  }
  return { concurrency: CONCURRENCY, password: summary(latencies.password), twoStep: summary(latencies.twoStep) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { startGatehouse } = await import('./servers.mjs');
  const gate = await startGatehouse();
  try {
    console.log(JSON.stringify(await measureMfaLogin(gate.base), null, 2));
  } finally {
    await gate.stop();
  }
}
