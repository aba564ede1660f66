// Starting and stopping the servers under test as child processes, and reading their peak RSS.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

// Below Linux's ephemeral range (32768-60999): a port in it may be held by one of the load generators' outgoing
// connections when a server starts (a bench run failed so, EADDRINUSE). A port another listener holds makes the server
// exit at once, and it is started again on the next port.
let nextPort = 26000 + Math.floor(Math.random() * 5000);
const ATTEMPTS = 3;
const DATA_ENCRYPTION_KEY = randomBytes(32).toString('base64url');

const children = new Set();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

export async function waitFor(url, child, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`server for ${url} exited with ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${url} did not come up within ${timeoutMs} ms`);
}

function statusMiB(pid, field) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return Math.round((kb / 1024) * 10) / 10;
}

/** Peak resident set size (VmHWM) of a process, in MiB. */
export const peakRssMiB = (pid) => statusMiB(pid, 'VmHWM');

/** Resident set size now (VmRSS), in MiB. */
export const rssMiB = (pid) => statusMiB(pid, 'VmRSS');

function start(command, args, env) {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  children.add(child);
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (!child.stopping) console.error(`${args.join(' ')} exited early (${code ?? signal})`);
  });
  return child;
}

async function stop(child) {
  child.stopping = true;
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(5000).then(() => child.kill('SIGKILL'))]);
}

/** Starts `launch(port)` on the next free port and waits until `path` answers there. */
async function startOnFreePort(launch, path) {
  for (let attempt = 1; ; attempt++) {
    const port = nextPort++;
    const child = launch(port);
    const base = `http://127.0.0.1:${port}`;
    try {
      await waitFor(`${base}${path}`, child);
      return { base, child };
    } catch (error) {
      if (child.exitCode === null || attempt === ATTEMPTS) throw error;
    }
  }
}

export async function startBare() {
  const { base, child } = await startOnFreePort((port) => start(process.execPath, ['bench/bare-server.mjs'], { PORT: String(port) }), '/');
  return { base, pid: child.pid, stop: () => stop(child) };
}

/**
 * The server is started as `npm start` starts it: the same environment variables and node flags (package.json's
 * start script, e.g. `MALLOC_ARENA_MAX=2 node --max-semi-space-size=4 dist/main.js`), so memory is measured as it is
 * deployed.
 */
export function startCommand() {
  const script = JSON.parse(readFileSync('package.json', 'utf8')).scripts.start;
  const words = script.split(/\s+/);
  const node = words.indexOf('node');
  const variables = Object.fromEntries(words.slice(0, node).map((w) => w.split('=')));
  const flags = words.slice(node + 1).filter((w) => w.startsWith('--'));
  return { variables, flags };
}

/** The environment of a Gatehouse under test on the SQLite file and key folder in `dir`. */
export function gatehouseEnv(env, dir) {
  return {
    NODE_ENV: 'production',
    // Production needs SMTP_URL; the verification mails of the benchmark's registrations go nowhere and are dropped.
    SMTP_URL: 'smtp://127.0.0.1:1',
    DATABASE_URL: `sqlite:${join(dir, 'gatehouse.sqlite')}`,
    JWT_KEYS_DIR: join(dir, 'keys'),
    LOG_LEVEL: 'warn',
    AUTH_RATE_LIMIT: '1000000/1m',
    LOGIN_MAX_FAILURES: '1000',
    // Production requires it (it encrypts TOTP secrets); one per bench run, so a restart on the same folder reads them.
    DATA_ENCRYPTION_KEY,
    ...env,
  };
}

/**
 * Gatehouse from dist/ on a fresh SQLite file and key folder (or `dir` to reuse one). `nodeFlags` go after the start
 * script's own (bench/profile-many-users.mjs preloads its profiler that way).
 */
export async function startGatehouse(env = {}, dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-')), { nodeFlags = [] } = {}) {
  const { variables, flags } = startCommand();
  const { base, child } = await startOnFreePort(
    (port) => start(process.execPath, [...flags, ...nodeFlags, 'dist/main.js'], { ...variables, PORT: String(port), ...gatehouseEnv(env, dir) }),
    '/health',
  );
  return {
    base,
    dir,
    pid: child.pid,
    stop: async ({ keepFiles = false } = {}) => {
      await stop(child);
      if (!keepFiles) rmSync(dir, { recursive: true, force: true });
    },
  };
}
