import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ADMIN_EMAIL, ADMIN_PASSWORD, PASSWORD } from './support/test-app.js';

const ROOT = join(__dirname, '..');
const SKIP = new Set(['node_modules', 'dist', 'data', 'coverage', '.git']);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * What docs/protecting-routes.md promises a newcomer: `nest generate resource` in this repo gives a module that
 * AppModule imports, whose routes the global guards protect, and one @Roles() line restricts. Done in a copy
 * of the repository, built with `nest build` and booted like production.
 */
describe('nest CLI scaffolding', () => {
  let dir: string;
  let server: ChildProcess | undefined;
  let base: string;
  let output = '';

  const nest = (...args: string[]) =>
    execFileSync(join(dir, 'node_modules', '.bin', 'nest'), args, { cwd: dir, encoding: 'utf8', stdio: 'pipe' });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-scaffold-'));
    cpSync(ROOT, dir, { recursive: true, filter: (src) => !SKIP.has(basename(src)) && !src.endsWith('.sqlite') });
    symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(dir, 'node_modules'), 'dir');
  }, 60_000);

  afterAll(async () => {
    if (server?.pid && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('generates a resource that AppModule imports, protected by default and restricted by @Roles()', async () => {
    nest('generate', 'resource', 'widgets', '--type', 'rest', '--crud');
    expect(readFileSync(join(dir, 'src/app.module.ts'), 'utf8')).toMatch(/imports: \[WidgetsModule\]/);

    // The guide's one-line restriction, on one handler so the other routes keep the default.
    const controllerPath = join(dir, 'src/widgets/widgets.controller.ts');
    const generated = readFileSync(controllerPath, 'utf8');
    expect(generated).not.toMatch(/Public|Roles/);
    writeFileSync(
      controllerPath,
      "import { Roles } from '../auth/decorators/roles.decorator';\nimport { Role } from '../auth/roles/role.enum';\n" +
        generated.replace('  @Post()\n', '  @Roles(Role.Editor)\n  @Post()\n'),
    );
    nest('build');

    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, ['dist/src/main.js'], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        PORT: String(port),
        DATABASE_URL: `sqlite:${join(dir, 'data', 'app.sqlite')}`,
        JWT_KEYS_DIR: join(dir, 'data', 'keys'),
        ADMIN_EMAIL,
        ADMIN_PASSWORD,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (chunk) => (output += chunk));
    server.stderr!.on('data', (chunk) => (output += chunk));
    await waitForHealth();

    const anonymous = await fetch(`${base}/widgets`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="gatehouse"');

    const email = `scaffold-${Date.now()}@example.com`;
    expect((await post('/auth/register', { email, password: PASSWORD })).status).toBe(201);
    const user = await token(email, PASSWORD);
    const admin = await token(ADMIN_EMAIL, ADMIN_PASSWORD);

    // Any signed-in user passes the default protection...
    expect((await fetch(`${base}/widgets`, { headers: { Authorization: user } })).status).toBe(200);
    // ...but the @Roles(Role.Editor) route refuses a plain user and admits an admin (admin > editor).
    expect((await post('/widgets', {}, user)).status).toBe(403);
    expect((await post('/widgets', {}, admin)).status).toBe(201);
  }, 240_000);

  async function waitForHealth(): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (server?.exitCode !== null) throw new Error(`scaffolded app exited early:\n${output}`);
      try {
        if ((await fetch(`${base}/health`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`scaffolded app did not become healthy:\n${output}`);
  }

  function post(path: string, body: unknown, authorization?: string): Promise<Response> {
    return fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(authorization ? { Authorization: authorization } : {}) },
      body: JSON.stringify(body),
    });
  }

  async function token(email: string, password: string): Promise<string> {
    const res = await post('/auth/login', { email, password });
    expect(res.status).toBe(200);
    return `Bearer ${((await res.json()) as { accessToken: string }).accessToken}`;
  }
});
