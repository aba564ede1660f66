import { rmSync } from 'node:fs';
import { Secret, TOTP } from 'otpauth';
import { DataSource } from 'typeorm';
import { runCli } from '../src/cli/index.js';
import { dropTestDatabase, services } from './support/services.js';
import { PASSWORD, startApp, uniqueEmail, type TestApp } from './support/test-app.js';

const KEY_A = Buffer.alloc(32, 0xa1).toString('base64url');
const KEY_B = Buffer.alloc(32, 0xb2).toString('base64url');

// DATA_ENCRYPTION_KEY rotation: the new key with the old one in DATA_ENCRYPTION_KEYS_PREVIOUS, reseal-secrets, then
// the old key goes. Each step restarts the app on the same database, as an operator would.
describe('rotating DATA_ENCRYPTION_KEY', () => {
  it('keeps every TOTP working through the rotation, and refuses to start with a key missing', { timeout: 90_000 }, async () => {
    const first = await startApp({ DATA_ENCRYPTION_KEY: KEY_A });
    const dir = first.dir;
    let current: TestApp | undefined = first;
    const restart = async (env: Record<string, string>) => {
      await current?.close({ keepFiles: true });
      current = undefined;
      current = await startApp(env, dir);
      return current;
    };
    try {
      const email = uniqueEmail('rotated');
      const user = await first.user(email);
      const setup = await first.http().post('/auth/mfa/totp/setup').set('Authorization', user.auth).send({ currentPassword: PASSWORD });
      const totp = new TOTP({ secret: Secret.fromBase32(setup.body.secret), digits: 6, period: 30 });
      expect((await first.http().post('/auth/mfa/totp/confirm').set('Authorization', user.auth).send({ code: totp.generate() })).status).toBe(200);
      /**
       * A two-step login with the current code: 200 while the server can read the secret. The replay guard (each
       * 30-second step once) is reset first, since the test signs in more often than every 30 s.
       */
      const signIn = async (t: TestApp) => {
        await t.app.get(DataSource).query('UPDATE totp_factors SET "lastUsedStep" = NULL');
        const password = await t.http().post('/auth/login').send({ email, password: PASSWORD });
        return (await t.http().post('/auth/login/mfa').send({ mfaToken: password.body.mfaToken, code: totp.generate() })).status;
      };
      const stored = async (t: TestApp) =>
        (await t.app.get(DataSource).query<{ secret: string }[]>('SELECT secret FROM totp_factors')).map((r) => r.secret);

      // The new key alone: the secrets sealed with the old one would be unreadable, so start-up refuses, naming ids only.
      await current.close({ keepFiles: true });
      current = undefined;
      const refused = await startApp({ DATA_ENCRYPTION_KEY: KEY_B }, dir).then(
        () => undefined,
        (error: Error) => error.message,
      );
      expect(refused).toMatch(/sealed with data key \S+, which is neither DATA_ENCRYPTION_KEY/);
      expect(refused).not.toContain(KEY_A);

      const during = await restart({ DATA_ENCRYPTION_KEY: KEY_B, DATA_ENCRYPTION_KEYS_PREVIOUS: KEY_A });
      expect(await signIn(during)).toBe(200);
      const before = await stored(during);
      let out = '';
      const code = await runCli(['reseal-secrets'], during.config, {
        out: (l) => (out += l),
        err: () => undefined,
        readStdin: async () => undefined,
      });
      expect(code).toBe(0);
      const report = JSON.parse(out);
      expect(report).toMatchObject({ resealed: 1, skipped: 0 });
      const after = await stored(during);
      expect(after).toHaveLength(1);
      expect(after[0]).not.toBe(before[0]);
      expect(after[0].startsWith(`v2.${report.keyId}.`)).toBe(true);
      // Run again: nothing left to do.
      out = '';
      expect(
        await runCli(['reseal-secrets'], during.config, { out: (l) => (out += l), err: () => undefined, readStdin: async () => undefined }),
      ).toBe(0);
      expect(JSON.parse(out)).toMatchObject({ resealed: 0 });
      const rows = await during.app.get(DataSource).query(`SELECT "actorId", details FROM audit_events WHERE type = 'data_key.resealed'`);
      expect(rows).toHaveLength(2);
      expect(rows[0].actorId).toBe('operator-cli');
      expect(JSON.stringify(rows)).not.toContain(KEY_B);

      // The old key can go.
      const done = await restart({ DATA_ENCRYPTION_KEY: KEY_B });
      expect(await signIn(done)).toBe(200);
    } finally {
      await current?.close({ keepFiles: true });
      if (services.postgres) await dropTestDatabase(dir);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
