import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createApp } from '../src/app.setup.js';
import { loadConfig } from '../src/config/index.js';

const ROOT = resolve(__dirname, '..');
const run = promisify(execFile);

/** Only what any shell has: no Gatehouse variable at all (PORT aside, so as not to collide on a shared machine). */
const bareEnv = (extra: Record<string, string> = {}) => ({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...extra });

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer()
      .listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => done(port));
      })
      .on('error', fail);
  });
}

/** Waits for the child to print `pattern` on stdout, or fails with what it printed. */
function waitFor(child: ChildProcess, pattern: RegExp, ms = 60_000): Promise<void> {
  return new Promise((done, fail) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`no ${pattern} within ${ms} ms:\n${output}`)), ms);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) {
        clearTimeout(timer);
        done();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`exited with ${code} before ${pattern}:\n${output}`));
    });
  });
}

describe('start with zero configuration', () => {
  let cwd: string;
  const originalCwd = process.cwd();
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'gatehouse-start-'));
  });
  afterEach(() => {
    process.chdir(originalCwd);
    rmSync(cwd, { recursive: true, force: true });
  });

  it('boots in-process from loadConfig({}) on SQLite and generated keys under ./data', async () => {
    process.chdir(cwd);
    const app = await createApp(loadConfig({}), { logger: false });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const base = await app.getUrl();
      const health = await fetch(`${base}/health`);
      expect(health.status).toBe(200);
      await expect(health.json()).resolves.toMatchObject({ status: 'ok' });
      expect(existsSync(join(cwd, 'data', 'gatehouse.sqlite'))).toBe(true);
      expect(readdirSync(join(cwd, 'data', 'keys')).some((f) => /^ES256-\d+\.pem$/.test(f))).toBe(true);
    } finally {
      await app.close();
    }
  });

  describe('the built entry point (what `npm start` runs)', () => {
    beforeAll(async () => {
      // `npm start` runs this build first (prestart); the compiled CommonJS output is what production runs.
      await run('npm', ['run', 'build'], { cwd: ROOT, env: { ...process.env }, timeout: 240_000 });
    }, 240_000);

    it('serves register, login and a protected route from dist/main.js with nothing configured', async () => {
      const port = await freePort();
      const child = spawn(process.execPath, [join(ROOT, 'dist', 'main.js')], { cwd, env: bareEnv({ PORT: String(port) }) });
      try {
        // No HOST: every IPv4 interface, and the start line says so rather than "localhost".
        await waitFor(child, new RegExp(`Gatehouse listening on http://0\\.0\\.0\\.0:${port} \\(sqlite, ES256\\)`));
        const base = `http://127.0.0.1:${port}`;
        const post = (path: string, body: object) =>
          fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        expect((await fetch(`${base}/health`)).status).toBe(200);
        expect((await post('/auth/register', { email: 'ada@example.com', password: 'correct horse battery' })).status).toBe(201);
        const login = await post('/auth/login', { email: 'ada@example.com', password: 'correct horse battery' });
        expect(login.status).toBe(200);
        const { accessToken } = (await login.json()) as { accessToken: string };
        const me = await fetch(`${base}/auth/me`, { headers: { authorization: `Bearer ${accessToken}` } });
        expect(me.status).toBe(200);
        expect((await fetch(`${base}/auth/me`)).status).toBe(401);
        expect((await fetch(`${base}/users`, { headers: { authorization: `Bearer ${accessToken}` } })).status).toBe(403);
        expect(existsSync(join(cwd, 'data', 'gatehouse.sqlite'))).toBe(true);
      } finally {
        child.kill('SIGTERM');
        await new Promise((done) => (child.exitCode !== null ? done(null) : child.once('exit', done)));
      }
    }, 90_000);

    it('binds only the address HOST names (loopback behind a proxy) and says so on its start line', async () => {
      const port = await freePort();
      const child = spawn(process.execPath, [join(ROOT, 'dist', 'main.js')], { cwd, env: bareEnv({ PORT: String(port), HOST: '::1' }) });
      try {
        await waitFor(child, new RegExp(`Gatehouse listening on http://\\[::1\\]:${port} `));
        expect((await fetch(`http://[::1]:${port}/health`)).status).toBe(200);
        // Bound to IPv6 loopback only: the IPv4 loopback on the same port has nobody listening.
        await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
      } finally {
        child.kill('SIGTERM');
        await new Promise((done) => (child.exitCode !== null ? done(null) : child.once('exit', done)));
      }
    }, 90_000);

    // NestJS's ConsoleLogger builds an Intl.DateTimeFormat as its module loads: ICU's date data, about 8 MiB of idle RSS
    // (docs/performance.md). The entry loads Nest with that formatter deferred to its first use.
    const COUNT_FORMATTERS = `
      const real = Intl.DateTimeFormat;
      Intl.DateTimeFormat = new Proxy(real, {
        construct(target, args) {
          process.stderr.write('[a DateTimeFormat was built]\\n');
          return new target(...args);
        },
      });`;

    it('starts and serves without building a date formatter (ICU date data stays unloaded)', async () => {
      const port = await freePort();
      const preload = join(cwd, 'count-formatters.cjs');
      writeFileSync(preload, COUNT_FORMATTERS);
      const child = spawn(process.execPath, ['-r', preload, join(ROOT, 'dist', 'main.js')], { cwd, env: bareEnv({ PORT: String(port) }) });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      try {
        await waitFor(child, /Gatehouse listening on /);
        expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
        expect(stderr).not.toContain('[a DateTimeFormat was built]');
      } finally {
        child.kill('SIGTERM');
        await new Promise((done) => (child.exitCode !== null ? done(null) : child.once('exit', done)));
      }
    }, 90_000);

    it("still prints Nest's console lines with their timestamp, building the formatter at the first one", async () => {
      const script = `${COUNT_FORMATTERS}
        require(${JSON.stringify(join(ROOT, 'dist', 'src', 'preload-nest-common.js'))});
        process.stderr.write('[nest loaded]\\n');
        const { ConsoleLogger } = require('@nestjs/common');
        new ConsoleLogger({ colors: false }).log('probe line', 'Probe');`;
      const { stdout, stderr } = await run(process.execPath, ['-e', script], { cwd: ROOT, env: bareEnv({ TZ: 'UTC' }), timeout: 60_000 });
      expect(stderr).toBe('[nest loaded]\n[a DateTimeFormat was built]\n');
      expect(stdout).toMatch(/^\[Nest\] \d+ +- \d{2}\/\d{2}\/\d{4}, \d{1,2}:\d{2}:\d{2} [AP]M +LOG \[Probe\] probe line\n$/);
    }, 90_000);

    it('refuses to start in production on a bad setting, with one line and a non-zero exit', async () => {
      const result = await run(process.execPath, [join(ROOT, 'dist', 'main.js')], {
        cwd,
        env: bareEnv({ NODE_ENV: 'production', JWT_ALG: 'HS256' }),
        timeout: 60_000,
      }).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
      );
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe('Gatehouse refused to start: JWT_SECRET is required for HS256 in production');
    }, 90_000);
  });
});
