// Where the server's CPU goes under the many-users load: the bench's own pieces (sessions minted by
// bench/mint-sessions.mjs, the server started by bench/servers.mjs as `npm start` starts it, load from bench/wrk.mjs),
// with V8's CPU profiler switched on in the server (bench/cpu-profile-preload.cjs) for one wrk run per route: the
// public route (GET /.well-known/jwks.json), one repeated token and PROFILE_USERS distinct tokens (GET /auth/verify).
// Before the profiled runs, PROFILE_ROUNDS interleaved runs without the profiler give the server's CPU µs per request
// (from /proc, as the bench reads it). Prints, per route, the top self-time functions and the same by area (package,
// app module, node internals, GC), in % of the profiled samples and in µs per request, then what distinct tokens cost
// beyond one token. The .cpuprofile files are kept (open them in Chrome DevTools or speedscope).
//
//   npm run build && node bench/profile-many-users.mjs [HS256|ES256|EdDSA]
//
// PROFILE_ROUTES picks and orders the routes (public,oneToken,distinct; apiKey is one X-API-Key sent again and again,
// the bench's API-key scenario, created with the first user's token), PROFILE_USERS (20000), PROFILE_SECONDS (8, per profiled run; 0 for the CPU figures without the profiles), PROFILE_ROUNDS (3), PROFILE_TOP (25) and
// PROFILE_WORK (a folder to keep the minted sessions and tokens in, reused by the next run with the same algorithm).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gatehouseEnv, startGatehouse } from './servers.mjs';
import { assertWrkInstalled, wrk } from './wrk.mjs';

const ALG = process.argv[2] ?? 'HS256';
const USERS = Number(process.env.PROFILE_USERS || 20_000);
const SECONDS = Number(process.env.PROFILE_SECONDS || 8);
const ROUNDS = Number(process.env.PROFILE_ROUNDS || 3);
const TOP = Number(process.env.PROFILE_TOP || 25);
const PRELOAD = resolve('bench/cpu-profile-preload.cjs');
const ROUTES = (process.env.PROFILE_ROUTES || 'public,oneToken,distinct').split(',');

const ALGORITHM_ENV = {
  HS256: () => ({ JWT_ALG: 'HS256', JWT_SECRET: randomBytes(32).toString('base64url') }),
  ES256: () => ({}),
  EdDSA: () => ({ JWT_ALG: 'EdDSA' }),
};

/** bench/mint-sessions.mjs in a child process with the server's environment, as bench/run.mjs runs it. */
function mint(command, args, env, dir) {
  execFileSync(process.execPath, ['bench/mint-sessions.mjs', command, ...args], {
    env: { ...process.env, ...gatehouseEnv(env, dir) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** The sessions once per work folder, the tokens once per algorithm; the key material stays with them. */
function prepare(work) {
  const template = join(work, 'template');
  const held = join(work, 'sessions.json');
  if (!existsSync(held)) {
    console.log(`creating ${USERS} users' sessions ...`);
    mint('create', [String(USERS), held], {}, template);
  }
  const dir = join(work, ALG);
  const envFile = join(work, `${ALG}.env.json`);
  // Signed again once they are ten minutes old: access tokens live 15 minutes (ACCESS_TOKEN_TTL's default).
  const tokensFile = join(dir, 'tokens.txt');
  if (!existsSync(tokensFile) || Date.now() - statSync(tokensFile).mtimeMs > 600_000) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const name of readdirSync(template)) {
      if (statSync(join(template, name)).isFile()) copyFileSync(join(template, name), join(dir, name));
    }
    // The data key too: a restart on the same folder must read what the first start wrote.
    const env = { ...ALGORITHM_ENV[ALG](), DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64url') };
    console.log(`signing ${ALG} tokens ...`);
    mint('sign', [held, tokensFile], env, dir);
    writeFileSync(join(dir, 'one-token.txt'), readFileSync(tokensFile, 'utf8').split('\n')[0] + '\n');
    writeFileSync(envFile, JSON.stringify(env));
  }
  return { dir, env: JSON.parse(readFileSync(envFile, 'utf8')) };
}

async function signal(pid, profileDir, expect) {
  const startedFile = join(profileDir, 'started');
  const before = existsSync(startedFile) ? statSync(startedFile).mtimeMs : 0;
  process.kill(pid, 'SIGWINCH');
  for (let i = 0; i < 600; i++) {
    await sleep(50);
    if (expect === 'started' && existsSync(startedFile) && statSync(startedFile).mtimeMs !== before) return;
    if (expect !== 'started' && existsSync(expect)) return JSON.parse(readFileSync(expect, 'utf8'));
  }
  throw new Error(`the server did not answer SIGWINCH (${expect})`);
}

/** Where a function lives: a package, an app module, node's internals, or V8's own entries (GC, program, idle). */
function areaOf({ url, functionName }) {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + 13).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const src = url.indexOf('/dist/src/');
  if (src >= 0) return 'app:' + url.slice(src + 10).split('/')[0];
  return url;
}

function labelOf({ functionName, url, lineNumber }) {
  const at = url
    ? url
        .replace(/^file:\/\//, '')
        .replace(/^.*node_modules\//, '')
        .replace(/^.*\/dist\//, '')
    : '';
  return `${functionName || '(anonymous)'}${at ? ` ${at}:${lineNumber + 1}` : ''}`;
}

/** Self time per function and per area, in microseconds of the main thread, from the sample timestamps. */
function selfTimes(profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const functions = new Map();
  const areas = new Map();
  let busy = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    // A sample stands for the time until the next one.
    const us = i + 1 < profile.timeDeltas.length ? profile.timeDeltas[i + 1] : 0;
    const frame = byId.get(profile.samples[i]).callFrame;
    if (frame.functionName === '(idle)') continue;
    busy += us;
    const label = labelOf(frame);
    functions.set(label, (functions.get(label) ?? 0) + us);
    const area = areaOf(frame);
    areas.set(area, (areas.get(area) ?? 0) + us);
  }
  return { busy, functions, areas };
}

function table(title, entries, busy, requests, top) {
  console.log(`\n${title}`);
  console.log('    %   µs/req  function');
  for (const [label, us] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((100 * us) / busy).toFixed(1).padStart(5)} ${(us / requests).toFixed(2).padStart(8)}  ${label}`);
  }
}

function difference(title, a, b, top) {
  const keys = new Set([...a.keys(), ...b.keys()]);
  const rows = [...keys].map((k) => [k, (a.get(k) ?? 0) - (b.get(k) ?? 0)]).sort((x, y) => Math.abs(y[1]) - Math.abs(x[1]));
  console.log(`\n${title}`);
  console.log('  µs/req  function');
  for (const [label, us] of rows.slice(0, top)) console.log(`${us.toFixed(2).padStart(8)}  ${label}`);
}

/**
 * CPU ticks of the main thread and of all others (V8's GC and compiler helpers, libuv's pool: node 20 leaves them all
 * named `node`), from /proc.
 */
function threadTicks(pid) {
  const ticks = new Map();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const line = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = Number(tid) === pid ? 'main' : 'other threads';
      const fields = line.slice(line.lastIndexOf(')') + 2).split(' ');
      ticks.set(name, (ticks.get(name) ?? 0) + Number(fields[11]) + Number(fields[12]));
    } catch {
      // the thread ended in between
    }
  }
  return ticks;
}

/** A wrk run with the server's CPU on the main thread and the others, in µs per request (10,000 µs per tick). */
async function withThreads(pid, run) {
  const before = threadTicks(pid);
  const result = await run();
  const after = threadTicks(pid);
  result.threads = new Map([...after].map(([name, t]) => [name, ((t - (before.get(name) ?? 0)) * 10_000) / result.requests]));
  return result;
}

/** A key of the first user's, as the bench's API-key scenario makes one (POST /auth/api-keys), written to `file`. */
async function createApiKey(base, tokenFile, file) {
  const token = readFileSync(tokenFile, 'utf8').trim();
  const response = await fetch(`${base}/auth/api-keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'profile' }),
  });
  if (response.status !== 201) throw new Error(`POST /auth/api-keys: ${response.status} ${await response.text()}`);
  writeFileSync(file, (await response.json()).key + '\n');
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  assertWrkInstalled();
  if (!ALGORITHM_ENV[ALG]) throw new Error(`unknown algorithm ${ALG}: HS256, ES256 or EdDSA`);
  const work = process.env.PROFILE_WORK || mkdtempSync(join(tmpdir(), 'gatehouse-profile-'));
  mkdirSync(work, { recursive: true });
  const { dir, env } = prepare(work);
  const profileDir = mkdtempSync(join(work, `${ALG}-profiles-`));
  const server = await startGatehouse({ ...env, GATEHOUSE_PROFILE_DIR: profileDir }, dir, { nodeFlags: ['--require', PRELOAD] });
  const pid = server.pid;
  const all = {
    public: (seconds) => wrk(`${server.base}/.well-known/jwks.json`, { serverPid: pid, seconds }),
    oneToken: (seconds) => wrk(`${server.base}/auth/verify`, { tokensFile: join(dir, 'one-token.txt'), serverPid: pid, seconds }),
    distinct: (seconds) => wrk(`${server.base}/auth/verify`, { tokensFile: join(dir, 'tokens.txt'), serverPid: pid, seconds }),
    apiKey: (seconds) => wrk(`${server.base}/auth/verify`, { tokensFile: join(dir, 'api-key.txt'), header: 'X-API-Key', serverPid: pid, seconds }),
  };
  for (const name of ROUTES) if (!all[name]) throw new Error(`unknown route ${name}: ${Object.keys(all)}`);
  const routes = Object.fromEntries(ROUTES.map((name) => [name, all[name]]));
  if (routes.apiKey) await createApiKey(server.base, join(dir, 'one-token.txt'), join(dir, 'api-key.txt'));
  try {
    console.log(`${ALG}: warm-up, then ${ROUNDS} interleaved rounds of 3 s without the profiler ...`);
    for (const run of Object.values(routes)) await run(2);
    const plain = Object.fromEntries(Object.keys(routes).map((name) => [name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, run] of Object.entries(routes)) plain[name].push(await withThreads(pid, () => run(3)));
    }
    console.log('\nwithout the profiler (median of rounds): server CPU µs/req, req/s, and the CPU µs/req by thread');
    for (const [name, runs] of Object.entries(plain)) {
      const threads = [...runs[0].threads.keys()]
        .map((thread) => `${thread} ${median(runs.map((r) => r.threads.get(thread) ?? 0)).toFixed(1)}`)
        .join(', ');
      console.log(
        `  ${name.padEnd(9)} ${median(runs.map((r) => r.cpuUsPerRequest))
          .toFixed(1)
          .padStart(7)} ${Math.round(median(runs.map((r) => r.rps)))
          .toString()
          .padStart(8)}  (${threads})`,
      );
    }
    // PROFILE_SECONDS=0: the CPU figures only, for before/after comparisons.
    if (SECONDS === 0) return;
    const profiled = {};
    for (const [index, [name, run]] of Object.entries(routes).entries()) {
      await signal(pid, profileDir, 'started');
      const result = await run(SECONDS);
      const profile = await signal(pid, profileDir, join(profileDir, `${index}.cpuprofile`));
      profiled[name] = { result, ...selfTimes(profile) };
      const { busy, functions, areas } = profiled[name];
      console.log(
        `\n=== ${ALG} ${name}: ${result.requests} requests, ${result.cpuUsPerRequest.toFixed(1)} server CPU µs/req with the profiler, ` +
          `${(busy / result.requests).toFixed(1)} µs/req on the main thread (${join(profileDir, `${index}.cpuprofile`)})`,
      );
      table('top self time by function', functions, busy, result.requests, TOP);
      table('self time by area', areas, busy, result.requests, 15);
    }
    const perRequest = (name, kind) => new Map([...profiled[name][kind]].map(([label, us]) => [label, us / profiled[name].result.requests]));
    const compare = (a, b, title) => {
      if (!profiled[a] || !profiled[b]) return;
      difference(`${ALG}: ${title}, by area`, perRequest(a, 'areas'), perRequest(b, 'areas'), 15);
      difference(`${ALG}: ${title}, by function`, perRequest(a, 'functions'), perRequest(b, 'functions'), TOP);
    };
    compare('distinct', 'oneToken', 'distinct tokens minus one token');
    compare('oneToken', 'public', 'one token minus public route');
    compare('apiKey', 'public', 'API key minus public route');
    compare('apiKey', 'oneToken', 'API key minus one token');
  } finally {
    await server.stop({ keepFiles: true });
    if (!process.env.PROFILE_WORK) console.log(`\nsessions, tokens and profiles are in ${work}`);
  }
}

await main();
