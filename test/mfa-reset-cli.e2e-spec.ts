import { Secret, TOTP } from 'otpauth';
import { AuditBatchAppender } from '../src/audit/index.js';
import { runCli } from '../src/cli/index.js';
import { PASSWORD, startApp, uniqueEmail, type TestApp } from './support/test-app.js';

const codeNow = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate();

// A user who lost their phone and their recovery codes: the operator removes every second factor.
describe('operator CLI: reset-mfa', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  async function cli(argv: string[]) {
    let out = '';
    let err = '';
    const code = await runCli(argv, t.config, { out: (l) => (out += `${l}\n`), err: (l) => (err += `${l}\n`), readStdin: async () => undefined });
    return { code, out, err };
  }
  const post: TestApp['post'] = (...args) => t.post(...args);

  it('removes TOTP and the recovery codes, ends every session, and the password alone signs in again', async () => {
    const user = await t.user();
    const setup = await post('/auth/mfa/totp/setup', { currentPassword: PASSWORD }, user.auth);
    const confirmed = await post('/auth/mfa/totp/confirm', { code: codeNow(setup.body.secret) }, user.auth);
    expect(confirmed.status).toBe(200);
    const step = await post('/auth/login', { email: user.email, password: PASSWORD });
    expect(step.body.mfaRequired).toBe(true);

    const run = await cli(['reset-mfa', '--email', user.email.toUpperCase()]);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({ id: user.id, mfaEnabled: false });

    // The session that had turned TOTP on ended (its refresh token is refused), and so did the pending second step.
    expect((await post('/auth/refresh', { refreshToken: user.refreshToken })).status).toBe(401);
    const pending = await post('/auth/login/mfa', { mfaToken: step.body.mfaToken, recoveryCode: confirmed.body.recoveryCodes[0] });
    expect(pending.status).toBe(401);

    const login = await post('/auth/login', { email: user.email, password: PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body.accessToken).toEqual(expect.any(String));
    const auth = `Bearer ${login.body.accessToken}`;
    expect((await t.http().get('/auth/me').set('Authorization', auth)).body.mfaEnabled).toBe(false);
    // Nothing of the old factors is left: renewing recovery codes needs a factor, and TOTP can be set up afresh.
    expect((await post('/auth/mfa/recovery-codes', { currentPassword: PASSWORD }, auth)).status).toBe(409);
    expect((await post('/auth/mfa/totp/setup', { currentPassword: PASSWORD }, auth)).status).toBe(200);

    const admin = await t.admin();
    await t.app.get(AuditBatchAppender).flush();
    const rows = await t.http().get('/audit-events').query({ type: 'mfa.reset', subjectId: user.id }).set('Authorization', admin.auth);
    expect(rows.body.items).toEqual([
      expect.objectContaining({ actorId: 'operator-cli', outcome: 'success', details: { totp: true, passkeys: 0, recoveryCodes: 10 } }),
    ]);
  });

  it('exits 1 for an unknown account and 2 for bad input, changing nothing', async () => {
    const unknown = await cli(['reset-mfa', '--email', uniqueEmail('nobody')]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/^error: User not found/);
    expect((await cli(['reset-mfa', '--id', 'not-a-uuid'])).code).toBe(2);
    expect((await cli(['reset-mfa'])).code).toBe(2);
  });
});
