// node bench/observability-overhead.mjs (after npm run build): the hot-path cost of the audit trail and the metrics.
// Three servers side by side, each route measured in interleaved rounds (medians): `before` is the commit before the
// audit and metrics work (BEFORE_REF, built into a temporary folder), `metrics off` is this build without
// METRICS_TOKEN (audit only), `metrics on` this build with it. Also times GET /audit-events over 1 million rows.
import autocannon from 'autocannon';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import sqlite3 from 'sqlite3';
import { gatehouseEnv, waitFor } from './servers.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS || 5);
const SECONDS = Number(process.env.BENCH_SECONDS || 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 32);
const BEFORE_REF = process.env.BEFORE_REF || '3fb40e1';
const TOKEN = 'bench-metrics-token-0123456789';
const PASSWORD = 'benchmark password 1';
// Below Linux's ephemeral range (32768-60999), where the load generator's own connections take their ports, and above
// the range bench/servers.mjs starts from.
let port = 31500 + Math.floor(Math.random() * 1000);

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function buildBefore() {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-before-'));
  execFileSync('sh', ['-c', `git archive ${BEFORE_REF} | tar -x -C ${dir}`]);
  symlinkSync(resolve('node_modules'), join(dir, 'node_modules'));
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: dir, stdio: 'inherit' });
  return dir;
}

async function startServer(cwd, env) {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-overhead-'));
  const p = port++;
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd,
    // The bench's production environment (SMTP_URL and DATA_ENCRYPTION_KEY are required now; the earlier build ignores them).
    env: { ...process.env, PORT: String(p), ...gatehouseEnv(env, dir) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${p}`;
  await waitFor(`${base}/health`, child);
  const email = `bench-${randomUUID()}@example.com`;
  const post = async (path, body) =>
    (await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();
  await post('/auth/register', { email, password: PASSWORD });
  const tokens = await post('/auth/login', { email, password: PASSWORD });
  return { base, dir, child, auth: { authorization: `Bearer ${tokens.accessToken}` } };
}

async function cannon(url, headers) {
  const r = await autocannon({ url, headers, connections: CONNECTIONS, duration: SECONDS });
  if (r.non2xx || r.errors) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return r.requests.average;
}

async function overhead() {
  const beforeDir = buildBefore();
  const servers = {
    before: await startServer(beforeDir, {}),
    'metrics off': await startServer(process.cwd(), {}),
    'metrics on': await startServer(process.cwd(), { METRICS_TOKEN: TOKEN }),
  };
  const samples = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const path of ['/auth/verify', '/auth/me']) {
      for (const [name, s] of Object.entries(servers)) (samples[`${path} ${name}`] ??= []).push(await cannon(s.base + path, s.auth));
    }
  }
  for (const s of Object.values(servers)) {
    s.child.kill('SIGTERM');
    rmSync(s.dir, { recursive: true, force: true });
  }
  rmSync(beforeDir, { recursive: true, force: true });
  const rows = [];
  for (const path of ['/auth/verify', '/auth/me']) {
    const base = median(samples[`${path} before`]);
    for (const name of Object.keys(servers)) {
      const rps = median(samples[`${path} ${name}`]);
      rows.push({ route: path, server: name, rps: Math.round(rps), vsBefore: `${(((rps - base) / base) * 100).toFixed(1)}%` });
    }
  }
  console.table(rows);
}

async function millionRows() {
  const server = await startServer(process.cwd(), { ADMIN_EMAIL: 'admin@bench.test', ADMIN_PASSWORD: 'bench admin password' });
  const db = new sqlite3.Database(join(server.dir, 'gatehouse.sqlite'));
  const run = (sql, params = []) => new Promise((ok, ko) => db.run(sql, params, (e) => (e ? ko(e) : ok())));
  const types = ['login.succeeded', 'login.failed', 'logout', 'user.roles_changed', 'password.changed'];
  const subjects = Array.from({ length: 5000 }, () => randomUUID());
  const start = Date.now() - 1_000_000 * 1000;
  await run('BEGIN');
  // Rows for the query indexes only (hashes are not chained: verification is not what is timed here).
  for (let i = 1; i <= 1_000_000; i++) {
    const subject = subjects[i % subjects.length];
    await run('INSERT INTO audit_events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)', [
      1_000_000 + i,
      randomUUID(),
      start + i * 1000,
      types[i % types.length],
      'user',
      subject,
      subject,
      null,
      '10.0.0.1',
      'bench',
      'success',
      '{}',
      'x'.repeat(64),
    ]);
  }
  await run('COMMIT');
  db.close();
  const tokens = await (
    await fetch(`${server.base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@bench.test', password: 'bench admin password' }),
    })
  ).json();
  const auth = { authorization: `Bearer ${tokens.accessToken}` };
  const queries = {
    'newest page': '',
    'by subject': `subjectId=${subjects[42]}`,
    'by type': 'type=logout',
    'by type, page 500': 'type=logout&page=500',
    'time range': `from=${new Date(start + 500_000_000).toISOString()}&to=${new Date(start + 500_100_000).toISOString()}`,
  };
  const rows = [];
  for (const [name, query] of Object.entries(queries)) {
    const times = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const res = await fetch(`${server.base}/audit-events?${query}`, { headers: auth });
      if (!res.ok) throw new Error(`${name}: ${res.status}`);
      await res.json();
      times.push(performance.now() - t0);
    }
    rows.push({ query: name, medianMs: Math.round(median(times)) });
  }
  console.table(rows);
  server.child.kill('SIGTERM');
  rmSync(server.dir, { recursive: true, force: true });
}

if (process.argv.includes('--million')) await millionRows();
else await overhead();
process.exit(0);
