// npm run bench: Gatehouse measured side by side with a bare node:http server and with its own public route, in one
// run. Each route is measured in several rounds, interleaved with the others, and the median is reported, because a
// single run varies by ±30% on a shared 2-core machine; the ratios measured in the same rounds are the result.
// Writes bench/results.json, BENCHMARKS.md and its chart BENCHMARKS.svg.
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { renderChart } from './chart.mjs';
import { bareVerifyRate } from './bare-verify.mjs';
import { renderMarkdown } from './report.mjs';
import { insertRevocations } from './revocation-rows.mjs';
import { gatehouseEnv, peakRssMiB, rssMiB, startBare, startGatehouse } from './servers.mjs';
import { verifyMicroBenchmark } from './verify-micro.mjs';
import { measureMfaLogin } from './mfa-login.mjs';
import { assertWrkInstalled, cpuSeconds, wrk } from './wrk.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const SECONDS = Number(process.env.BENCH_SECONDS || 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 32);
/** Distinct users (one session and one token each) in the many-users scenarios. */
const USERS = Number(process.env.BENCH_USERS || 20_000);
/** Distinct live sessions behind /auth/me. */
const ME_SESSIONS = Number(process.env.BENCH_ME_SESSIONS || 2_000);
const PASSWORD = 'benchmark password 1';

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Every Gatehouse process of the run, so that the peak RSS covers the whole bench. */
const gatehouses = [];
async function gatehouse(label, env = {}, dir) {
  const server = await startGatehouse(env, dir);
  server.label = label;
  gatehouses.push(server);
  return server;
}
const peaks = () => gatehouses.map((g) => ({ label: g.label, peakRssMiB: g.peakRssMiB ?? peakRssMiB(g.pid) }));

async function cannon(url, { method = 'GET', headers = {}, body, connections = CONNECTIONS, duration = SECONDS, serverPid } = {}) {
  const before = serverPid ? cpuSeconds(serverPid) : 0;
  const result = await autocannon({ url, method, headers, body, connections, duration, pipelining: 1 });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(
      `${method} ${url}: ${result.non2xx} non-2xx and ${result.errors} errors out of ${result.requests.total} (statuses ${JSON.stringify(result.statusCodeStats)})`,
    );
  }
  const cpuUsPerRequest = serverPid ? ((cpuSeconds(serverPid) - before) * 1e6) / result.requests.total : undefined;
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, cpuUsPerRequest };
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

/** Measures every route in ROUNDS interleaved rounds (after one short warm-up of each); returns medians per route. */
async function measureRoutes(routes, { rounds = ROUNDS, between } = {}) {
  for (const run of Object.values(routes)) await run(1);
  const samples = Object.fromEntries(Object.keys(routes).map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, run] of Object.entries(routes)) samples[name].push(await run());
    await between?.(round);
  }
  return Object.fromEntries(
    Object.entries(samples).map(([name, runs]) => [
      name,
      {
        rps: Math.round(median(runs.map((r) => r.rps))),
        p50: median(runs.map((r) => r.p50)),
        p99: median(runs.map((r) => r.p99)),
        cpuUsPerRequest: runs[0].cpuUsPerRequest === undefined ? undefined : Math.round(median(runs.map((r) => r.cpuUsPerRequest))),
        runs: runs.map((r) => Math.round(r.rps)),
      },
    ]),
  );
}

/** The bench's minting path (bench/mint-sessions.mjs) in a child process with the server's environment. */
function mint(command, args, env, dir) {
  execFileSync(process.execPath, ['bench/mint-sessions.mjs', command, ...args], {
    env: { ...process.env, ...gatehouseEnv(env, dir) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

function copyDatabase(from, to) {
  mkdirSync(to, { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(join(from, `gatehouse.sqlite${suffix}`)))
      copyFileSync(join(from, `gatehouse.sqlite${suffix}`), join(to, `gatehouse.sqlite${suffix}`));
  }
}

/** Scenario: the routes of one instance, one client, as before (a-g), and the memory of an idle instance. */
async function routesScenario() {
  const bare = await startBare();
  const gate = await gatehouse('routes (a)-(g), login storm');
  await sleep(2000);
  const idleRss = rssMiB(gate.pid);
  const user = await prepareUser(gate.base);
  // Logins under load use an account of their own: each opens a session, and past MAX_SESSIONS_PER_USER (100) the
  // oldest are revoked, which would end the session whose token the other routes send.
  const loginUser = await prepareUser(gate.base);
  const loginBody = JSON.stringify({ email: loginUser.email, password: PASSWORD });
  const json = { 'content-type': 'application/json' };
  const pid = gate.pid;
  const quick = (seconds) => (seconds ? { duration: seconds } : {});

  console.log(`routes: ${ROUNDS} rounds x ${SECONDS} s per route, ${CONNECTIONS} connections ...`);
  const routes = await measureRoutes({
    a_bare: (s) => cannon(`${bare.base}/`, quick(s)),
    b_jwks: (s) => cannon(`${gate.base}/.well-known/jwks.json`, { serverPid: pid, ...quick(s) }),
    c_verify: (s) => cannon(`${gate.base}/auth/verify`, { headers: user.auth, serverPid: pid, ...quick(s) }),
    d_me: (s) => cannon(`${gate.base}/auth/me`, { headers: user.auth, serverPid: pid, ...quick(s) }),
    e_articles: (s) => cannon(`${gate.base}/articles`, { serverPid: pid, ...quick(s) }),
    f_login: (s) =>
      cannon(`${gate.base}/auth/login`, { method: 'POST', headers: json, body: loginBody, connections: 4, serverPid: pid, ...quick(s) }),
  });

  // (g): /auth/verify while logins run beside it (the login storm).
  const underLogin = [];
  for (let round = 0; round < ROUNDS; round++) {
    const [verify] = await Promise.all([
      cannon(`${gate.base}/auth/verify`, { headers: user.auth, connections: 8 }),
      cannon(`${gate.base}/auth/login`, { method: 'POST', headers: json, body: loginBody, connections: 8 }),
    ]);
    const alone = await cannon(`${gate.base}/auth/verify`, { headers: user.auth, connections: 8 });
    underLogin.push({ beside: verify.p99, alone: alone.p99 });
  }
  const g = { p99WithLogins: median(underLogin.map((r) => r.beside)), p99Alone: median(underLogin.map((r) => r.alone)) };
  const peakRss = peakRssMiB(gate.pid);
  gate.peakRssMiB = peakRss;
  await gate.stop();

  // Verify cost with 0 and 100,000 revoked sessions in the store.
  const revocation = {};
  const fresh = await gatehouse('revocation store, empty start');
  fresh.peakRssMiB = peakRssMiB(fresh.pid);
  await fresh.stop({ keepFiles: true });
  for (const count of [0, 100_000]) {
    if (count) await insertRevocations(`${fresh.dir}/gatehouse.sqlite`, count);
    const server = await gatehouse(`revocation store, ${count} revoked`, {}, fresh.dir);
    const u = await prepareUser(server.base);
    revocation[count] = (await measureRoutes({ c_verify: (s) => cannon(`${server.base}/auth/verify`, { headers: u.auth, ...quick(s) }) })).c_verify;
    server.peakRssMiB = peakRssMiB(server.pid);
    await server.stop({ keepFiles: count === 0 });
  }
  await bare.stop();
  return { routes, g, peakRss, idleRss, revocation };
}

const MANY_USERS_ALGORITHMS = [
  ['HS256', { JWT_ALG: 'HS256', JWT_SECRET: randomBytes(32).toString('base64url') }],
  ['ES256', {}],
  ['EdDSA', { JWT_ALG: 'EdDSA' }],
];

/**
 * Scenario: many users. USERS sessions are created once through the app's own services (bench/mint-sessions.mjs),
 * then for each algorithm the database is copied, one token per session is signed with that algorithm's key, and
 * wrk sends every request with the next user's token. The public route and the one-token route are measured in the
 * same rounds, and node:crypto's own verify rate for the algorithm on one thread between them.
 */
async function manyUsersScenario() {
  const work = mkdtempSync(join(tmpdir(), 'gatehouse-bench-users-'));
  const template = join(work, 'template');
  const held = join(work, 'sessions.json');
  let started = Date.now();
  console.log(`many users: creating ${USERS} users' sessions ...`);
  mint('create', [String(USERS), held], {}, template);
  const mintSeconds = { create: Math.round((Date.now() - started) / 1000), sign: {} };
  const results = [];
  let me;
  for (const [alg, env] of MANY_USERS_ALGORITHMS) {
    const dir = join(work, alg);
    copyDatabase(template, dir);
    const tokensFile = join(dir, 'tokens.txt');
    started = Date.now();
    mint('sign', [held, tokensFile], env, dir);
    mintSeconds.sign[alg] = Math.round((Date.now() - started) / 1000);
    const tokens = readFileSync(tokensFile, 'utf8').trim().split('\n');
    const oneTokenFile = join(dir, 'one-token.txt');
    writeFileSync(oneTokenFile, tokens[0] + '\n');
    const server = await gatehouse(`many users, ${alg}`, env, dir);
    const pid = server.pid;
    const verifyKey = await publicKeyOf(server, alg, env);
    const bare = [];
    console.log(`many users, ${alg}: ${tokens.length} tokens ...`);
    const routes = {
      public: (s) => wrk(`${server.base}/.well-known/jwks.json`, { serverPid: pid, seconds: s ?? SECONDS }),
      oneToken: (s) => wrk(`${server.base}/auth/verify`, { tokensFile: oneTokenFile, serverPid: pid, seconds: s ?? SECONDS }),
      distinct: (s) => wrk(`${server.base}/auth/verify`, { tokensFile, serverPid: pid, seconds: s ?? SECONDS }),
    };
    if (alg === 'ES256') {
      const meFile = join(dir, 'me-tokens.txt');
      writeFileSync(meFile, tokens.slice(0, ME_SESSIONS).join('\n') + '\n');
      routes.me = (s) => wrk(`${server.base}/auth/me`, { tokensFile: meFile, serverPid: pid, seconds: s ?? SECONDS });
    }
    const measured = await measureRoutes(routes, { between: () => bare.push(bareVerifyRate(alg, tokens, verifyKey)) });
    const bareRate = Math.round(median(bare));
    const ceiling = Math.round(1 / (1 / measured.public.rps + 1 / bareRate));
    results.push({ alg, tokens: tokens.length, tokenBytes: tokens[0].length, bareVerifyPerSec: bareRate, ceiling, ...measured });
    if (measured.me) me = { sessions: Math.min(ME_SESSIONS, tokens.length), alg, me: measured.me, public: measured.public };
    server.peakRssMiB = peakRssMiB(pid);
    await server.stop();
  }
  rmSync(work, { recursive: true, force: true });
  return { users: USERS, algorithms: results, me, mintSeconds };
}

/** The key node:crypto verifies with: the configured secret for HS256, the published JWK otherwise. */
async function publicKeyOf(server, alg, env) {
  const { createPublicKey, createSecretKey } = await import('node:crypto');
  if (alg === 'HS256') return createSecretKey(Buffer.from(env.JWT_SECRET, 'utf8'));
  const { keys } = await (await fetch(`${server.base}/.well-known/jwks.json`)).json();
  return createPublicKey({ key: keys[0], format: 'jwk' });
}

/**
 * Scenarios other issues add. Each is a function returning its measured row, or a row saying why it was not run;
 * BENCHMARKS.md lists them either way. The API-key route (issue: X-API-Key credential), the two-step MFA login and
 * the audit/metrics listeners' cost on the hot path go here when those features land.
 */
/** Scenario: an API-key request (`X-API-Key` on /auth/verify) against the public route, in the same rounds. */
async function apiKeyScenario() {
  const gate = await gatehouse('API key');
  const user = await prepareUser(gate.base);
  const apiKey = { 'x-api-key': (await post(gate.base, '/auth/api-keys', { name: 'bench' }, user.auth)).key };
  const pid = gate.pid;
  const quick = (seconds) => (seconds ? { duration: seconds } : {});
  const routes = await measureRoutes({
    b_jwks: (s) => cannon(`${gate.base}/.well-known/jwks.json`, { serverPid: pid, ...quick(s) }),
    h_api_key: (s) => cannon(`${gate.base}/auth/verify`, { headers: apiKey, serverPid: pid, ...quick(s) }),
  });
  gate.peakRssMiB = peakRssMiB(gate.pid);
  await gate.stop();
  const ratio = Number((routes.h_api_key.rps / routes.b_jwks.rps).toFixed(2));
  return { ratio, met: ratio >= 0.8, detail: { public: routes.b_jwks, apiKey: routes.h_api_key } };
}

/** Scenario: a two-step login (password, then a TOTP code) against a password-only login, p50 of each. */
async function mfaLoginScenario() {
  const gate = await gatehouse('two-step MFA login');
  const measured = await measureMfaLogin(gate.base);
  gate.peakRssMiB = peakRssMiB(gate.pid);
  await gate.stop();
  const ratio = Number((measured.twoStep.p50 / measured.password.p50).toFixed(2));
  return { ratio, met: ratio <= 1.2, detail: measured };
}

/**
 * Scenario: what the audit and metrics listeners cost on the hot path. Two servers side by side, one with
 * METRICS_TOKEN (the HTTP duration hook, the counters) and one without; /auth/verify on both in the same rounds.
 * The audit trail writes nothing on a token check, so this is the whole of their per-request cost.
 */
async function observabilityScenario() {
  const off = await gatehouse('metrics off');
  const on = await gatehouse('metrics on', { METRICS_TOKEN: randomBytes(24).toString('base64url') });
  const [userOff, userOn] = [await prepareUser(off.base), await prepareUser(on.base)];
  const quick = (seconds) => (seconds ? { duration: seconds } : {});
  const routes = await measureRoutes({
    off: (s) => cannon(`${off.base}/auth/verify`, { headers: userOff.auth, serverPid: off.pid, ...quick(s) }),
    on: (s) => cannon(`${on.base}/auth/verify`, { headers: userOn.auth, serverPid: on.pid, ...quick(s) }),
  });
  for (const server of [off, on]) {
    server.peakRssMiB = peakRssMiB(server.pid);
    await server.stop();
  }
  const cost = Number((1 - routes.on.rps / routes.off.rps).toFixed(3));
  return { ratio: cost, met: cost <= 0.05, detail: routes };
}

// Each target of the new features, measured on its own servers; a missed target is marked so in BENCHMARKS.md.
const FEATURE_SCENARIOS = [
  { name: 'API-key request vs public route', target: '>= 0.8', run: apiKeyScenario },
  { name: 'two-step MFA login vs password-only login (p50)', target: '<= 1.2x time', run: mfaLoginScenario },
  { name: 'audit and metrics listeners on the hot path (1 - rps on/off)', target: '<= 5% cost', run: observabilityScenario },
];

async function main() {
  assertWrkInstalled();
  const started = Date.now();
  const main = await routesScenario();
  const manyUsers = await manyUsersScenario();
  const features = [];
  for (const scenario of FEATURE_SCENARIOS) {
    console.log(`${scenario.name} ...`);
    features.push({ name: scenario.name, target: scenario.target, ...(await scenario.run()) });
  }
  console.log('in-process verify path ...');
  const micro = await verifyMicroBenchmark();
  const results = {
    date: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model, cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, kernel: release() },
    settings: { rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS, users: USERS, meSessions: ME_SESSIONS },
    routes: main.routes,
    g: main.g,
    peakRssMiB: main.peakRss,
    peakRssAllMiB: Math.max(...peaks().map((p) => p.peakRssMiB)),
    peakRssByInstance: peaks(),
    idleRssMiB: main.idleRss,
    revocation: main.revocation,
    manyUsers,
    features,
    micro,
    durationSeconds: Math.round((Date.now() - started) / 1000),
  };
  writeFileSync('bench/results.json', JSON.stringify(results, null, 2) + '\n');
  writeFileSync('BENCHMARKS.svg', await renderChart(results));
  const markdown = renderMarkdown(results);
  writeFileSync('BENCHMARKS.md', markdown);
  console.log(markdown);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
