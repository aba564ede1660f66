import { rmSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { undoMigrationsThrough } from './support/migrations.js';
import { runCli } from '../src/cli/index.js';
import { loadConfig } from '../src/config/index.js';
import { userWithRole } from './support/accounts.js';
import { dropTestDatabase, services } from './support/services.js';
import { PASSWORD, startApp, type TestApp } from './support/test-app.js';

// Issue 12, items 1 and 4: a revocation must outlive every access token its session ever got, whatever
// ACCESS_TOKEN_TTL the revoking process (a restarted server, the operator CLI) runs with.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const verify = (t: TestApp, token: string, role?: string) =>
  t
    .http()
    .get(`/auth/verify${role ? `?role=${role}` : ''}`)
    .set('Authorization', `Bearer ${token}`);

/** Removes a folder that restarted apps shared (close() leaves a folder it was given alone). */
async function cleanUp(dir: string): Promise<void> {
  if (services.postgres) await dropTestDatabase(dir);
  rmSync(dir, { recursive: true, force: true });
}

// Under the services suite both stores run on PostgreSQL: the Redis one (shared REDIS_URL) and the database one.
const STORES: [string, Record<string, string>][] = services.redisUrl
  ? [
      ['redis store', {}],
      ['database store', { REDIS_URL: '' }],
    ]
  : [['database store', {}]];

describe.each(STORES)('revocations outlive the tokens they cover (%s)', (_store, storeEnv) => {
  it(
    'a token of a 1h server, logged out after a restart with a 3s TTL, stays dead, even after a restart back to 1h',
    { timeout: 60_000 },
    async () => {
      const first = await startApp({ ...storeEnv, ACCESS_TOKEN_TTL: '1h' });
      const dir = first.dir;
      try {
        const u = await first.user();
        const longLived = u.accessToken;
        await first.close({ keepFiles: true });

        const short = await startApp({ ...storeEnv, ACCESS_TOKEN_TTL: '3s' }, dir);
        // The user logs out with a token of the new TTL (a 1h token is longer than this server signs).
        const fresh = await short.http().post('/auth/refresh').send({ refreshToken: u.refreshToken });
        expect(fresh.status).toBe(200);
        expect((await short.http().post('/auth/logout').set('Authorization', `Bearer ${fresh.body.accessToken}`)).status).toBe(204);
        expect((await verify(short, longLived)).status).toBe(401);
        // Past the 3 s TTL and the 5 s tolerance of the server that revoked it: the old horizon of the revocation.
        await sleep(9_000);
        expect((await verify(short, longLived)).status).toBe(401);
        await short.close({ keepFiles: true });

        const back = await startApp({ ...storeEnv, ACCESS_TOKEN_TTL: '1h' }, dir);
        try {
          expect((await verify(back, longLived)).status).toBe(401);
          const again = await back.http().post('/auth/login').send({ email: u.email, password: PASSWORD });
          expect((await verify(back, again.body.accessToken)).status).toBe(200);
        } finally {
          await back.close({ keepFiles: true });
        }
      } finally {
        await cleanUp(dir);
      }
    },
  );

  it('an editor demoted by a 3s server cannot use the editor token a 1h server gave him, after any restart', { timeout: 60_000 }, async () => {
    const first = await startApp({ ...storeEnv, ACCESS_TOKEN_TTL: '1h' });
    const dir = first.dir;
    try {
      const editor = await userWithRole(first, 'editor');
      expect((await verify(first, editor.accessToken, 'editor')).status).toBe(200);
      await first.close({ keepFiles: true });

      const short = await startApp({ ...storeEnv, ACCESS_TOKEN_TTL: '3s' }, dir);
      const admin = await short.admin();
      const demoted = await short
        .http()
        .patch(`/users/${editor.id}/roles`)
        .set('Authorization', admin.auth)
        .send({ roles: ['user'] });
      expect(demoted.status).toBe(200);
      await sleep(9_000);
      expect((await verify(short, editor.accessToken, 'editor')).status).toBe(401);
      await short.close({ keepFiles: true });

      const back = await startApp({ ...storeEnv, ACCESS_TOKEN_TTL: '1h' }, dir);
      try {
        expect((await verify(back, editor.accessToken, 'editor')).status).toBe(401);
        expect((await verify(back, editor.accessToken)).status).toBe(401);
      } finally {
        await back.close({ keepFiles: true });
      }
    } finally {
      await cleanUp(dir);
    }
  });

  it("the operator CLI, run without the server's ACCESS_TOKEN_TTL, revokes a running 1h server's tokens for good", { timeout: 60_000 }, async () => {
    const t = await startApp({ ...storeEnv, ACCESS_TOKEN_TTL: '1h' });
    try {
      const u = await t.user();
      expect((await verify(t, u.accessToken)).status).toBe(200);
      // The operator's shell lacks the server's ACCESS_TOKEN_TTL (a short one, so that the old horizon passes in the test).
      const cliConfig = loadConfig({ ...configEnv(t), ACCESS_TOKEN_TTL: '2s' });
      const out: string[] = [];
      const code = await runCli(['revoke-sessions', '--email', u.email], cliConfig, {
        out: (line) => out.push(line),
        err: (line) => out.push(line),
        readStdin: async () => undefined,
      });
      expect(code, out.join('\n')).toBe(0);
      expect(JSON.parse(out.join('\n'))).toMatchObject({ revokedSessions: 1 });

      const deadline = Date.now() + 3_000;
      let status = 200;
      while (status === 200 && Date.now() < deadline) {
        await sleep(100);
        status = (await verify(t, u.accessToken)).status;
      }
      expect(status).toBe(401);
      // Past the CLI's own horizon (2 s TTL + 5 s tolerance): still dead.
      await sleep(8_000);
      expect((await verify(t, u.accessToken)).status).toBe(401);
      expect((await t.http().post('/auth/refresh').send({ refreshToken: u.refreshToken })).status).toBe(401);
    } finally {
      await t.close();
    }
  });
});

describe('the migration that records token lifetimes', () => {
  it('keeps the sessions and revocations of a database from before it', { timeout: 60_000 }, async () => {
    const first = await startApp();
    const dir = first.dir;
    try {
      const u = await first.user();
      const gone = await first.user();
      expect((await first.http().post('/auth/logout').set('Authorization', gone.auth)).status).toBe(204);
      // Back to the previous schema, data and all, as a database of the previous version would be.
      await undoMigrationsThrough(first.app.get(DataSource), 'RevocationLifetimes1764979200000');
      await first.close({ keepFiles: true });

      const upgraded = await startApp({}, dir);
      try {
        expect((await verify(upgraded, gone.accessToken)).status).toBe(401);
        expect((await verify(upgraded, u.accessToken)).status).toBe(200);
        expect((await upgraded.http().post('/auth/refresh').send({ refreshToken: gone.refreshToken })).status).toBe(401);
        const refreshed = await upgraded.http().post('/auth/refresh').send({ refreshToken: u.refreshToken });
        expect(refreshed.status).toBe(200);
        // A session from before the upgrade is still revoked until its last token is dead.
        expect((await upgraded.http().post('/auth/logout').set('Authorization', `Bearer ${refreshed.body.accessToken}`)).status).toBe(204);
        expect((await verify(upgraded, u.accessToken)).status).toBe(401);
      } finally {
        await upgraded.close({ keepFiles: true });
      }
    } finally {
      await cleanUp(dir);
    }
  });
});

/** The environment the test app was configured from, rebuilt from its config (database, keys, Redis). */
function configEnv(t: TestApp): Record<string, string | undefined> {
  const { config } = t;
  return {
    NODE_ENV: 'test',
    DATABASE_URL: config.database.type === 'sqlite' ? `sqlite:${config.database.url}` : config.database.url,
    JWT_KEYS_DIR: config.jwt.keysDir,
    REDIS_URL: config.redisUrl,
    REDIS_KEY_PREFIX: config.redisKeyPrefix,
  };
}
