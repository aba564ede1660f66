import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../src/cli/index.js';
import { ADMIN_EMAIL, decodeSegment, PASSWORD, startApp, uniqueEmail, type TestApp } from './support/test-app.js';

interface Run {
  code: number;
  out: string;
  err: string;
  json: () => Record<string, unknown>;
}

describe('operator CLI (npm run cli -- <command>)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(async () => {
    await t.close();
    // After the restart in the rotate-keys test the app reuses a folder it does not own.
    rmSync(t.dir, { recursive: true, force: true });
  });

  /** Runs a command in-process against the test app's database and key folder, as `npm run cli` would. */
  async function cli(argv: string[], stdin?: string): Promise<Run> {
    let out = '';
    let err = '';
    const code = await runCli(argv, t.config, {
      out: (line) => (out += `${line}\n`),
      err: (line) => (err += `${line}\n`),
      readStdin: async () => stdin,
    });
    return { code, out, err, json: () => JSON.parse(out) };
  }

  const login = (email: string, password = PASSWORD) => t.http().post('/auth/login').send({ email, password });

  it('create-user makes an account with the given roles that can log in', async () => {
    const email = uniqueEmail('ops');
    const run = await cli(['create-user', '--email', email, '--roles', 'editor', '--name', 'Ops Editor'], `${PASSWORD}\n`);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.json()).toMatchObject({ email, roles: ['editor'], displayName: 'Ops Editor', disabled: false });
    expect(run.out).not.toMatch(/passwordHash|argon2/);
    const res = await login(email);
    expect(res.status).toBe(200);
    expect(decodeSegment(res.body.accessToken, 1).roles).toEqual(['editor']);
  });

  it('rejects bad input with a clear message and exit code 2, creating nothing', async () => {
    const email = uniqueEmail('bad');
    const cases: [string[], string | undefined, RegExp][] = [
      [['create-user', '--email', email, '--roles', 'boss'], PASSWORD, /unknown role "boss"/],
      [['create-user', '--email', 'not-an-email'], PASSWORD, /not a valid email/],
      [['create-user', '--email', email], 'short', /8 to 128 characters/],
      [['create-user', '--email', email], undefined, /password on stdin/],
      [['create-user', '--email', email, '--colour', 'red'], PASSWORD, /unknown option --colour/],
      [['set-roles', '--email', email], undefined, /--roles is required/],
      [['disable', '--id', '42'], undefined, /--id must be a UUID/],
      [['disable', '--id', '6f1c3c0e-8d1c-4b7e-9a55-0d7c7e0c1a11', '--email', email], undefined, /exactly one of --email or --id/],
      [['frobnicate'], undefined, /unknown command "frobnicate"/],
      [[], undefined, /usage: npm run cli/],
    ];
    for (const [argv, stdin, message] of cases) {
      const run = await cli(argv, stdin);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.err, argv.join(' ')).toMatch(message);
    }
    expect((await login(email)).status).toBe(401);
  });

  it('exits 1 with the reason when the operation is refused', async () => {
    const taken = await cli(['create-user', '--email', ADMIN_EMAIL], PASSWORD);
    expect(taken).toMatchObject({ code: 1, err: 'error: Email is already registered\n' });
    const missing = await cli(['set-roles', '--email', uniqueEmail('ghost'), '--roles', 'admin']);
    expect(missing).toMatchObject({ code: 1, err: 'error: User not found\n' });
    const lastAdmin = await cli(['set-roles', '--email', ADMIN_EMAIL, '--roles', 'user']);
    expect(lastAdmin.code).toBe(1);
    expect(lastAdmin.err).toMatch(/last enabled admin/);
  });

  it('set-roles replaces the roles; new logins carry them', async () => {
    const u = await t.user();
    const run = await cli(['set-roles', '--id', u.id, '--roles', 'user,editor']);
    expect(run.code).toBe(0);
    expect(run.json().roles).toEqual(['user', 'editor']);
    const admin = await t.admin();
    expect((await t.http().get(`/users/${u.id}`).set('Authorization', admin.auth)).body.roles).toEqual(['user', 'editor']);
    expect(decodeSegment((await login(u.email)).body.accessToken, 1).roles).toEqual(['user', 'editor']);
  });

  it('disable refuses further logins and refreshes; enable restores logins', async () => {
    const u = await t.user();
    expect((await cli(['disable', '--email', u.email])).code).toBe(0);
    expect((await login(u.email)).status).toBe(403);
    expect((await t.http().post('/auth/refresh').send({ refreshToken: u.refreshToken })).status).toBe(401);
    expect((await cli(['enable', '--email', u.email])).code).toBe(0);
    expect((await login(u.email)).status).toBe(200);
  });

  it('revoke-sessions ends every session of the user: their refresh tokens stop working', async () => {
    const u = await t.user();
    const second = await login(u.email);
    const run = await cli(['revoke-sessions', '--email', u.email]);
    expect(run.code).toBe(0);
    expect(run.json()).toMatchObject({ userId: u.id, revokedSessions: 2 });
    for (const refreshToken of [u.refreshToken, second.body.refreshToken]) {
      expect((await t.http().post('/auth/refresh').send({ refreshToken })).status).toBe(401);
    }
  });

  it('purge-sessions runs against the database', async () => {
    const run = await cli(['purge-sessions']);
    expect(run).toMatchObject({ code: 0, err: '' });
  });

  it('rotate-keys adds a key that signs after a restart while the old key still verifies', async () => {
    const before = await t.user();
    const oldKid = decodeSegment(before.accessToken, 0).kid;
    const run = await cli(['rotate-keys']);
    expect(run.code).toBe(0);
    const { kid } = run.json() as { kid: string };
    expect(kid).not.toBe(oldKid);
    expect(readdirSync(join(t.dir, 'keys')).filter((f) => f.endsWith('.pem'))).toHaveLength(2);

    await t.close({ keepFiles: true });
    t = await startApp({}, t.dir);
    const jwks = await t.http().get('/.well-known/jwks.json');
    expect(jwks.body.keys.map((k: { kid: string }) => k.kid).sort()).toEqual([kid, oldKid].sort());
    const after = await t.user();
    expect(decodeSegment(after.accessToken, 0).kid).toBe(kid);
    expect((await t.http().get('/auth/me').set('Authorization', before.auth)).status).toBe(200);
  });

  it('rotate-keys --sign-after stages a key: published at the next start, the current key keeps signing until then', async () => {
    const current = decodeSegment((await t.user()).accessToken, 0).kid;
    expect((await cli(['rotate-keys', '--sign-after', 'soon'])).code).toBe(2);
    const run = await cli(['rotate-keys', '--sign-after', '1h']);
    expect(run.code).toBe(0);
    const { kid, signsFrom } = run.json() as { kid: string; signsFrom: string };
    expect(Math.abs(Date.parse(signsFrom) - (Date.now() + 3600_000))).toBeLessThan(60_000);

    await t.close({ keepFiles: true });
    t = await startApp({}, t.dir);
    const jwks = await t.http().get('/.well-known/jwks.json');
    expect(jwks.body.keys.map((k: { kid: string }) => k.kid)).toContain(kid);
    expect(decodeSegment((await t.user()).accessToken, 0).kid).toBe(current);
  });
});
