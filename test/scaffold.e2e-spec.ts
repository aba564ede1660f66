import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Secret, TOTP } from 'otpauth';
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
 * What docs/protecting-routes.md promises a newcomer, in a temporary copy of the repository: `nest generate
 * resource` gives a module that AppModule imports, whose routes the global guards protect, and one @Roles()
 * line restricts. The copy is built with `nest build` and booted like production; the built operator CLI
 * then runs against the same database.
 */
describe('nest CLI scaffolding and the built app', () => {
  let dir: string;
  let server: ChildProcess | undefined;
  let base: string;
  let output = '';
  let generatedController = '';
  let env: NodeJS.ProcessEnv;
  // A failing hook would mark the tests skipped, not failed; each test rethrows the setup failure instead.
  let setupError: unknown;
  beforeEach(() => {
    if (setupError) throw setupError instanceof Error ? setupError : new Error('set-up failed', { cause: setupError });
  });

  const nest = (...args: string[]) => execFileSync(join(dir, 'node_modules', '.bin', 'nest'), args, { cwd: dir, encoding: 'utf8', stdio: 'pipe' });

  beforeAll(async () => {
    try {
      await setUp();
    } catch (error) {
      setupError = error;
    }
  }, 240_000);

  async function setUp(): Promise<void> {
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-scaffold-'));
    cpSync(ROOT, dir, { recursive: true, filter: (src) => !SKIP.has(basename(src)) && !src.endsWith('.sqlite') });
    symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(dir, 'node_modules'), 'dir');

    nest('generate', 'resource', 'widgets', '--type', 'rest', '--crud');
    // The guide's one-line restriction, on one handler so the other routes keep the default.
    const controllerPath = join(dir, 'src/widgets/widgets.controller.ts');
    generatedController = readFileSync(controllerPath, 'utf8');
    // And the second-factor decorators of the guide: @RequireMfa() on one handler, @RequireRecentAuth() on another.
    writeFileSync(
      controllerPath,
      "import { RequireMfa, RequireRecentAuth, Role, Roles } from '../authorization';\n" +
        generatedController
          .replace('  @Post()\n', '  @Roles(Role.Editor)\n  @Post()\n')
          .replace("  @Get(':id')\n", "  @RequireMfa()\n  @Get(':id')\n")
          .replace("  @Delete(':id')\n", "  @RequireRecentAuth('2s')\n  @Delete(':id')\n"),
    );
    nest('build');

    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    env = {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      PORT: String(port),
      DATABASE_URL: `sqlite:${join(dir, 'data', 'app.sqlite')}`,
      JWT_KEYS_DIR: join(dir, 'data', 'keys'),
      ADMIN_EMAIL,
      ADMIN_PASSWORD,
    };
    server = spawn(process.execPath, ['dist/src/main.js'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout!.on('data', (chunk) => (output += chunk));
    server.stderr!.on('data', (chunk) => (output += chunk));
    await waitForHealth();
  }

  afterAll(async () => {
    if (server?.pid && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('wires the generated module into AppModule, with no auth code of its own', () => {
    expect(readFileSync(join(dir, 'src/app.module.ts'), 'utf8')).toMatch(/imports: \[WidgetsModule\]/);
    expect(generatedController).toMatch(/@Controller\('widgets'\)/);
    expect(generatedController).not.toMatch(/Public|Roles|Guard/);
  });

  it('protects the generated routes by default: 401 without a token, 200 for any signed-in user', async () => {
    const anonymous = await fetch(`${base}/widgets`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="gatehouse"');
    const user = await signUp(`scaffold-${Date.now()}@example.com`);
    expect((await fetch(`${base}/widgets`, { headers: { Authorization: user } })).status).toBe(200);
  });

  it('restricts a route with @Roles(Role.Editor): 403 for a plain user, allowed for an admin', async () => {
    const user = await signUp(`scaffold-user-${Date.now()}@example.com`);
    expect((await post('/widgets', {}, user)).status).toBe(403);
    expect((await post('/widgets', {}, await token(ADMIN_EMAIL, ADMIN_PASSWORD))).status).toBe(201);
  });

  it('@RequireMfa(): 403 AUTH_MFA_REQUIRED with a password-only token, 200 after a login with a TOTP code', async () => {
    const email = `scaffold-mfa-${Date.now()}@example.com`;
    const passwordOnly = await signUp(email);
    const refused = await fetch(`${base}/widgets/1`, { headers: { Authorization: passwordOnly } });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { code: string }).code).toBe('AUTH_MFA_REQUIRED');
    expect((await fetch(`${base}/widgets`, { headers: { Authorization: passwordOnly } })).status).toBe(200);

    const setup = (await (await post('/auth/mfa/totp/setup', { currentPassword: PASSWORD }, passwordOnly)).json()) as { secret: string };
    const totp = new TOTP({ secret: Secret.fromBase32(setup.secret), digits: 6, period: 30 });
    expect((await post('/auth/mfa/totp/confirm', { code: totp.generate() }, passwordOnly)).status).toBe(200);
    const step = (await (await post('/auth/login', { email, password: PASSWORD })).json()) as { mfaToken: string };
    const done = await post('/auth/login/mfa', { mfaToken: step.mfaToken, code: totp.generate({ timestamp: Date.now() + 30_000 }) });
    expect(done.status).toBe(200);
    const { accessToken } = (await done.json()) as { accessToken: string };
    expect((await fetch(`${base}/widgets/1`, { headers: { Authorization: `Bearer ${accessToken}` } })).status).toBe(200);
  });

  it("@RequireRecentAuth('2s'): 200 right after login, 403 AUTH_REAUTH_REQUIRED later, refresh does not help, a new login does", async () => {
    const email = `scaffold-recent-${Date.now()}@example.com`;
    expect((await post('/auth/register', { email, password: PASSWORD })).status).toBe(201);
    const login = (await (await post('/auth/login', { email, password: PASSWORD })).json()) as { accessToken: string; refreshToken: string };
    const del = (authorization: string) => fetch(`${base}/widgets/1`, { method: 'DELETE', headers: { Authorization: authorization } });
    expect((await del(`Bearer ${login.accessToken}`)).status).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, 3200));
    const stale = await del(`Bearer ${login.accessToken}`);
    expect(stale.status).toBe(403);
    expect(((await stale.json()) as { code: string }).code).toBe('AUTH_REAUTH_REQUIRED');
    const refreshed = (await (await post('/auth/refresh', { refreshToken: login.refreshToken })).json()) as { accessToken: string };
    expect((await del(`Bearer ${refreshed.accessToken}`)).status).toBe(403);
    expect((await del(await token(email, PASSWORD))).status).toBe(200);
  });

  it('the built operator CLI creates an editor from a piped password, and exits 2 on bad input', async () => {
    const email = `cli-editor-${Date.now()}@example.com`;
    const created = spawnSync(process.execPath, ['dist/src/cli/main.js', 'create-user', '--email', email, '--roles', 'editor'], {
      cwd: dir,
      env,
      input: `${PASSWORD}\n`,
      encoding: 'utf8',
    });
    expect(created.status).toBe(0);
    const user = JSON.parse(created.stdout) as { id: string };
    expect(user).toMatchObject({ email, roles: ['editor'] });
    // Standard output is the JSON result alone; standard error carries the audit line of the change, and no secret.
    const logLines = created.stderr
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logLines.filter((l) => l.event === 'user.created')).toEqual([
      expect.objectContaining({ actorId: 'operator-cli', userId: user.id, roles: ['editor'] }),
    ]);
    expect(created.stderr).not.toContain(PASSWORD);
    expect((await post('/widgets', {}, await token(email, PASSWORD))).status).toBe(201);

    const bad = spawnSync(process.execPath, ['dist/src/cli/main.js', 'set-roles', '--email', email, '--roles', 'boss'], {
      cwd: dir,
      env,
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown role "boss"/);
  });

  it('the generated @Roles(Role.Editor) route accepts an API key of a service account made with the built CLI', { timeout: 120_000 }, async () => {
    const cli = (...args: string[]) => {
      const run = spawnSync(process.execPath, ['dist/src/cli/main.js', ...args], { cwd: dir, env, encoding: 'utf8' });
      expect(run.status).toBe(0);
      return JSON.parse(run.stdout) as Record<string, unknown>;
    };
    const editorAccount = cli('create-service-account', '--name', 'widget-bot', '--roles', 'editor');
    const editorKey = cli('create-api-key', '--id', editorAccount.id as string, '--name', 'ci').key as string;
    const userKey = cli('create-api-key', '--id', editorAccount.id as string, '--name', 'read-only', '--roles', 'user').key as string;
    const postWithKey = (key: string) =>
      fetch(`${base}/widgets`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-API-Key': key }, body: '{}' });
    expect((await postWithKey(editorKey)).status).toBe(201);
    // The key's own roles decide, never more than its account's.
    expect((await postWithKey(userKey)).status).toBe(403);
    expect((await fetch(`${base}/widgets`, { headers: { 'X-API-Key': userKey } })).status).toBe(200);
    expect((await postWithKey(`${editorKey.slice(0, -1)}${editorKey.endsWith('A') ? 'B' : 'A'}`)).status).toBe(401);
  });

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

  async function signUp(email: string): Promise<string> {
    expect((await post('/auth/register', { email, password: PASSWORD })).status).toBe(201);
    return token(email, PASSWORD);
  }

  async function token(email: string, password: string): Promise<string> {
    const res = await post('/auth/login', { email, password });
    expect(res.status).toBe(200);
    return `Bearer ${((await res.json()) as { accessToken: string }).accessToken}`;
  }
});
