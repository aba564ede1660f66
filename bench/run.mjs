// npm run bench: side-by-side HTTP benchmark of Gatehouse against a bare node:http server, in one run.
// Each route is measured several times, interleaved with the others, and the median is reported, because a single
// run varies by ±30% on a shared 2-core machine. Writes bench/results.json and BENCHMARKS.md.
import autocannon from 'autocannon';
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem, release } from 'node:os';
import sqlite3 from 'sqlite3';
import { verifyMicroBenchmark } from './verify-micro.mjs';
import { measureMfaLogin } from './mfa-login.mjs';
import { peakRssMiB, startBare, startGatehouse } from './servers.mjs';
import { renderMarkdown } from './report.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const SECONDS = Number(process.env.BENCH_SECONDS || 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 32);
const PASSWORD = 'benchmark password 1';

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function cannon(url, { method = 'GET', headers = {}, body, connections = CONNECTIONS, duration = SECONDS } = {}) {
  const result = await autocannon({ url, method, headers, body, connections, duration, pipelining: 1 });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(
      `${method} ${url}: ${result.non2xx} non-2xx and ${result.errors} errors out of ${result.requests.total} (statuses ${JSON.stringify(result.statusCodeStats)})`,
    );
  }
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

async function post(base, path, body, headers = {}) {
  const res = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function prepareUser(base) {
  const email = `bench-${randomUUID()}@example.com`;
  await post(base, '/auth/register', { email, password: PASSWORD });
  const tokens = await post(base, '/auth/login', { email, password: PASSWORD });
  const auth = { authorization: `Bearer ${tokens.accessToken}` };
  for (let i = 0; i < 20; i++) await post(base, '/articles', { title: `Article ${i}`, body: 'x'.repeat(500) }, auth);
  return { email, tokens, auth };
}

/** Measures every route of one server in ROUNDS interleaved rounds; returns medians per route. */
async function measureRoutes(routes) {
  const samples = Object.fromEntries(Object.keys(routes).map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of Object.entries(routes)) samples[name].push(await run());
  }
  return Object.fromEntries(
    Object.entries(samples).map(([name, runs]) => [
      name,
      {
        rps: Math.round(median(runs.map((r) => r.rps))),
        p50: median(runs.map((r) => r.p50)),
        p99: median(runs.map((r) => r.p99)),
        runs: runs.map((r) => Math.round(r.rps)),
      },
    ]),
  );
}

async function insertRevocations(dbFile, count) {
  const db = new sqlite3.Database(dbFile);
  const run = (sql, params = []) => new Promise((resolve, reject) => db.run(sql, params, (err) => (err ? reject(err) : resolve())));
  // Ten minutes left to live: still live during the measurement, and older than anything the server writes itself.
  const expires = new Date(Date.now() + 600_000).toISOString().replace('T', ' ').replace('Z', '');
  await run('BEGIN');
  for (let i = 0; i < count; i++) await run('INSERT INTO session_revocations (sid, "expiresAt") VALUES (?, ?)', [randomUUID(), expires]);
  await run('COMMIT');
  await new Promise((resolve) => db.close(resolve));
}

async function main() {
  const started = Date.now();
  const bare = await startBare();
  const gate = await startGatehouse();
  const user = await prepareUser(gate.base);
  // Logins under load use an account of their own: each opens a session, and past MAX_SESSIONS_PER_USER (100) the
  // oldest are revoked, which would end the session whose token the other routes send.
  const loginUser = await prepareUser(gate.base);
  const loginBody = JSON.stringify({ email: loginUser.email, password: PASSWORD });
  const apiKey = { 'x-api-key': (await post(gate.base, '/auth/api-keys', { name: 'bench' }, user.auth)).key };
  const json = { 'content-type': 'application/json' };

  console.log(`measuring ${ROUNDS} rounds x ${SECONDS} s per route, ${CONNECTIONS} connections ...`);
  const routes = await measureRoutes({
    a_bare: () => cannon(`${bare.base}/`),
    b_jwks: () => cannon(`${gate.base}/.well-known/jwks.json`),
    c_verify: () => cannon(`${gate.base}/auth/verify`, { headers: user.auth }),
    d_me: () => cannon(`${gate.base}/auth/me`, { headers: user.auth }),
    e_articles: () => cannon(`${gate.base}/articles`),
    f_login: () => cannon(`${gate.base}/auth/login`, { method: 'POST', headers: json, body: loginBody, connections: 4 }),
    // Issue 16: a remembered API key costs a SHA-256 and a map lookup; target at least 0.8 of (b).
    h_api_key: () => cannon(`${gate.base}/auth/verify`, { headers: apiKey }),
  });

  // (g): /auth/verify while logins run beside it.
  const underLogin = [];
  for (let round = 0; round < ROUNDS; round++) {
    const [verify] = await Promise.all([
      cannon(`${gate.base}/auth/verify`, { headers: user.auth, connections: 8 }),
      cannon(`${gate.base}/auth/login`, { method: 'POST', headers: json, body: loginBody, connections: 4 }),
    ]);
    const alone = await cannon(`${gate.base}/auth/verify`, { headers: user.auth, connections: 8 });
    underLogin.push({ beside: verify.p99, alone: alone.p99 });
  }
  const g = { p99WithLogins: median(underLogin.map((r) => r.beside)), p99Alone: median(underLogin.map((r) => r.alone)) };
  const peakRss = peakRssMiB(gate.pid);
  // Two-step login (password + TOTP) beside a password-only login, on the same server.
  const mfaLogin = await measureMfaLogin(gate.base);
  await gate.stop();

  // (c) per algorithm, and the token size each produces.
  const algorithms = [];
  for (const [alg, env] of [
    ['ES256', {}],
    ['HS256', { JWT_ALG: 'HS256', JWT_SECRET: randomBytes(32).toString('base64url') }],
    ['RS256', { JWT_ALG: 'RS256' }],
    ['EdDSA', { JWT_ALG: 'EdDSA' }],
  ]) {
    let server;
    let u;
    try {
      server = await startGatehouse(env);
      u = await prepareUser(server.base);
    } catch (error) {
      algorithms.push({ alg, offered: false, note: error.message.split('\n')[0] });
      await server?.stop();
      continue;
    }
    const verify = await measureRoutes({ c_verify: () => cannon(`${server.base}/auth/verify`, { headers: u.auth }) });
    algorithms.push({ alg, offered: true, tokenBytes: u.tokens.accessToken.length, verify: verify.c_verify });
    await server.stop();
  }

  // Verify cost with 0 and 100,000 revoked sessions in the store.
  const revocation = {};
  const fresh = await startGatehouse();
  await fresh.stop({ keepFiles: true });
  for (const count of [0, 100_000]) {
    if (count) await insertRevocations(`${fresh.dir}/gatehouse.sqlite`, count);
    const server = await startGatehouse({}, fresh.dir);
    const u = await prepareUser(server.base);
    revocation[count] = (await measureRoutes({ c_verify: () => cannon(`${server.base}/auth/verify`, { headers: u.auth }) })).c_verify;
    await server.stop({ keepFiles: count === 0 });
  }
  await bare.stop();

  const micro = await verifyMicroBenchmark();
  const results = {
    date: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model, cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, kernel: release() },
    settings: { rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS },
    routes,
    g,
    peakRssMiB: peakRss,
    algorithms,
    revocation,
    mfaLogin,
    micro,
    durationSeconds: Math.round((Date.now() - started) / 1000),
  };
  writeFileSync('bench/results.json', JSON.stringify(results, null, 2) + '\n');
  const markdown = renderMarkdown(results);
  writeFileSync('BENCHMARKS.md', markdown);
  console.log(markdown);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
