import { Secret, TOTP } from 'otpauth';
import { DataSource } from 'typeorm';
import { decodeSegment, PASSWORD, startApp, uniqueEmail, type Account, type TestApp } from './support/test-app.js';
import { MfaLoginChallenge } from '../src/mfa/index.js';

/** The code an authenticator app would show `steps` periods from now. */
const codeAt = (secret: string, steps = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: Date.now() + steps * 30_000 });

// One app per file: nestjs-pino keeps one root logger per process, and this file reads the log for secrets.
describe('TOTP, recovery codes and the two-step login, through HTTP', () => {
  const lines: string[] = [];
  /** Every secret the server handed out; none may reach the log, the database in clear, or a later response. */
  const secrets: string[] = [];
  let t: TestApp;
  const bodies: string[] = [];

  beforeAll(async () => {
    t = await startApp({ LOGIN_MAX_FAILURES: '3', LOG_LEVEL: 'info' }, undefined, {
      logDestination: { write: (chunk: string) => void lines.push(...chunk.split('\n').filter(Boolean)) },
    });
  });
  afterAll(() => t.close());

  const post = (path: string, body: object, auth?: string) => {
    const req = t.http().post(path);
    if (auth) void req.set('Authorization', auth);
    return req.send(body).then((res) => (bodies.push(JSON.stringify(res.body)), res));
  };

  /** A fresh account with TOTP on: its secret, its recovery codes, and the session that turned it on. */
  async function withTotp(): Promise<{ user: Account; secret: string; recoveryCodes: string[] }> {
    const user = await t.user(uniqueEmail('totp'));
    const setup = await post('/auth/mfa/totp/setup', { currentPassword: PASSWORD }, user.auth);
    expect(setup.status).toBe(200);
    const confirm = await post('/auth/mfa/totp/confirm', { code: codeAt(setup.body.secret) }, user.auth);
    expect(confirm.status).toBe(200);
    secrets.push(setup.body.secret, ...confirm.body.recoveryCodes);
    return { user, secret: setup.body.secret, recoveryCodes: confirm.body.recoveryCodes };
  }

  async function passwordStep(email: string): Promise<string> {
    const res = await post('/auth/login', { email, password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.mfaRequired).toBe(true);
    secrets.push(res.body.mfaToken);
    return res.body.mfaToken as string;
  }

  it('sets TOTP up with the password, pending until a first code confirms it; then 10 recovery codes and other sessions end', async () => {
    const user = await t.user(uniqueEmail('setup'));
    const otherDevice = await t.login(user.email);
    expect((await post('/auth/mfa/totp/setup', { currentPassword: 'wrong password!' }, user.auth)).body.code).toBe('AUTH_WRONG_PASSWORD');

    const setup = await post('/auth/mfa/totp/setup', { currentPassword: PASSWORD }, user.auth);
    expect(setup.status).toBe(200);
    expect(setup.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\/Gatehouse:.*secret=[A-Z2-7]{32}.*$/);
    expect(setup.body.otpauthUrl).toContain(`secret=${setup.body.secret}`);
    secrets.push(setup.body.secret);

    // Pending: the password alone still logs in, and the account says MFA is off.
    expect((await post('/auth/login', { email: user.email, password: PASSWORD })).body.accessToken).toBeDefined();
    expect((await t.http().get('/auth/me').set('Authorization', user.auth)).body.mfaEnabled).toBe(false);

    const wrong = await post('/auth/mfa/totp/confirm', { code: codeAt(setup.body.secret, 5) }, user.auth);
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('AUTH_MFA_CODE_INVALID');
    expect((await post('/auth/mfa/totp/confirm', { code: 'abcdef' }, user.auth)).status).toBe(400);

    const confirm = await post('/auth/mfa/totp/confirm', { code: codeAt(setup.body.secret) }, user.auth);
    expect(confirm.status).toBe(200);
    const codes = confirm.body.recoveryCodes as string[];
    secrets.push(...codes);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    // At least 128 random bits each: 26 base32 characters.
    for (const code of codes) expect(code.replace(/-/g, '')).toMatch(/^[a-z2-7]{26}$/);

    expect((await t.http().get('/auth/me').set('Authorization', user.auth)).body.mfaEnabled).toBe(true);
    expect((await t.http().get('/auth/me').set('Authorization', otherDevice.auth)).status).toBe(401);
    const again = await post('/auth/mfa/totp/setup', { currentPassword: PASSWORD }, user.auth);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('AUTH_MFA_ALREADY_ENABLED');
  });

  it('answers the password step with an mfaToken and no tokens; the code completes it with amr otp, and refresh keeps amr and auth_time', async () => {
    const { user, secret } = await withTotp();
    const step = await post('/auth/login', { email: user.email, password: PASSWORD });
    expect(step.status).toBe(200);
    expect(Object.keys(step.body).sort()).toEqual(['methods', 'mfaRequired', 'mfaToken']);
    expect(step.body.methods).toEqual(['totp', 'recovery_code']);
    expect(Buffer.from(step.body.mfaToken, 'base64url').length).toBeGreaterThanOrEqual(16);
    secrets.push(step.body.mfaToken);

    const done = await post('/auth/login/mfa', { mfaToken: step.body.mfaToken, code: codeAt(secret, 1) });
    expect(done.status).toBe(200);
    const claims = decodeSegment(done.body.accessToken, 1);
    expect(claims.amr).toEqual(['pwd', 'otp', 'mfa']);
    expect(claims.auth_time).toBeLessThanOrEqual(claims.iat as number);
    const me = await t.http().get('/auth/me').set('Authorization', `Bearer ${done.body.accessToken}`);
    expect(me.body.id).toBe(user.id);

    await new Promise((resolve) => setTimeout(resolve, 1100));
    const refreshed = await post('/auth/refresh', { refreshToken: done.body.refreshToken });
    expect(refreshed.status).toBe(200);
    const after = decodeSegment(refreshed.body.accessToken, 1);
    expect(after.amr).toEqual(['pwd', 'otp', 'mfa']);
    expect(after.auth_time).toBe(claims.auth_time);
    expect(after.iat as number).toBeGreaterThan(claims.iat as number);

    // The mfaToken was spent.
    const reused = await post('/auth/login/mfa', { mfaToken: step.body.mfaToken, code: codeAt(secret, 1) });
    expect(reused.status).toBe(401);
    expect(reused.body.code).toBe('AUTH_MFA_TOKEN_INVALID');
  });

  it('refuses a replayed code, an unknown or superseded mfaToken, and a step with no factor or two', async () => {
    const { user, secret } = await withTotp();
    const first = await passwordStep(user.email);
    const code = codeAt(secret, 1);
    expect((await post('/auth/login/mfa', { mfaToken: first, code })).status).toBe(200);

    const second = await passwordStep(user.email);
    const replay = await post('/auth/login/mfa', { mfaToken: second, code });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('AUTH_MFA_CODE_INVALID');
    // A code older than the last accepted one is a replay too (it was shown before it).
    expect((await post('/auth/login/mfa', { mfaToken: second, code: codeAt(secret, 0) })).body.code).toBe('AUTH_MFA_CODE_INVALID');

    const unknown = await post('/auth/login/mfa', { mfaToken: 'x'.repeat(43), code: codeAt(secret, 1) });
    expect(unknown.status).toBe(401);
    expect(unknown.body.code).toBe('AUTH_MFA_TOKEN_INVALID');

    // A newer password step kills the older mfaToken.
    const third = await passwordStep(user.email);
    expect((await post('/auth/login/mfa', { mfaToken: second, recoveryCode: 'aaaa' })).body.code).toBe('AUTH_MFA_TOKEN_INVALID');

    expect((await post('/auth/login/mfa', { mfaToken: third })).body.code).toBe('AUTH_MFA_FACTOR_MISSING');
    expect((await post('/auth/login/mfa', { mfaToken: third, code: '123456', recoveryCode: 'abcd' })).status).toBe(400);
    expect((await post('/auth/login/mfa', { mfaToken: third, code: '12345' })).status).toBe(400);
    expect((await post('/auth/login/mfa', { mfaToken: third, code: '123456', extra: 1 })).status).toBe(400);
  });

  it('refuses an mfaToken past its five minutes, with the right code', async () => {
    const { user, secret } = await withTotp();
    const mfaToken = await passwordStep(user.email);
    await t.app
      .get(DataSource)
      .getRepository(MfaLoginChallenge)
      .update({ userId: user.id }, { expiresAt: new Date(Date.now() - 1000) });
    const late = await post('/auth/login/mfa', { mfaToken, code: codeAt(secret, 1) });
    expect(late.status).toBe(401);
    expect(late.body.code).toBe('AUTH_MFA_TOKEN_INVALID');

    // The code was not spent by the refusal: a fresh password step takes it.
    const fresh = await post('/auth/login/mfa', { mfaToken: await passwordStep(user.email), code: codeAt(secret, 1) });
    expect(fresh.status).toBe(200);
  });

  it('counts wrong codes toward the same lockout as wrong passwords: the right code is then refused, and so is the password', async () => {
    const { user, secret } = await withTotp();
    const token = await passwordStep(user.email);
    for (let i = 0; i < 2; i++) expect((await post('/auth/login/mfa', { mfaToken: token, code: '000000' })).status).toBe(401);
    // Starting over with the password does not wipe the count: the right password is no reset button.
    const again = await passwordStep(user.email);
    expect((await post('/auth/login/mfa', { mfaToken: again, code: '000000' })).status).toBe(401);

    const locked = await post('/auth/login/mfa', { mfaToken: again, code: codeAt(secret, 1) });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('AUTH_LOGIN_LOCKED');
    const password = await post('/auth/login', { email: user.email, password: PASSWORD });
    expect(password.status).toBe(429);
    expect(password.body.mfaToken).toBeUndefined();
  });

  it('takes each recovery code once in place of a code; renewal needs the password and kills the whole old set', async () => {
    const { user, recoveryCodes } = await withTotp();
    const used = await post('/auth/login/mfa', { mfaToken: await passwordStep(user.email), recoveryCode: recoveryCodes[0].toUpperCase() });
    expect(used.status).toBe(200);
    expect(decodeSegment(used.body.accessToken, 1).amr).toEqual(['pwd', 'otp', 'mfa']);
    const twice = await post('/auth/login/mfa', { mfaToken: await passwordStep(user.email), recoveryCode: recoveryCodes[0] });
    expect(twice.status).toBe(401);
    expect(twice.body.code).toBe('AUTH_MFA_CODE_INVALID');

    const auth = `Bearer ${used.body.accessToken}`;
    expect((await post('/auth/mfa/recovery-codes', { currentPassword: 'not the password' }, auth)).status).toBe(401);
    const renewed = await post('/auth/mfa/recovery-codes', { currentPassword: PASSWORD }, auth);
    expect(renewed.status).toBe(200);
    expect(renewed.body.recoveryCodes).toHaveLength(10);
    secrets.push(...renewed.body.recoveryCodes);

    const old = await post('/auth/login/mfa', { mfaToken: await passwordStep(user.email), recoveryCode: recoveryCodes[1] });
    expect(old.status).toBe(401);
    const fresh = await post('/auth/login/mfa', { mfaToken: await passwordStep(user.email), recoveryCode: renewed.body.recoveryCodes[1] });
    expect(fresh.status).toBe(200);

    const plain = await t.user(uniqueEmail('no-mfa'));
    const off = await post('/auth/mfa/recovery-codes', { currentPassword: PASSWORD }, plain.auth);
    expect(off.status).toBe(409);
    expect(off.body.code).toBe('AUTH_MFA_NOT_ENABLED');
  });

  it('turns TOTP off only with the password and a code; the recovery codes die and the password alone logs in again', async () => {
    const { user, secret, recoveryCodes } = await withTotp();
    const off = (body: object) => t.http().delete('/auth/mfa/totp').set('Authorization', user.auth).send(body);
    expect((await off({ currentPassword: PASSWORD, code: '000000' })).body.code).toBe('AUTH_MFA_CODE_INVALID');
    expect((await off({ currentPassword: 'wrong password!', code: codeAt(secret, 1) })).body.code).toBe('AUTH_WRONG_PASSWORD');
    expect((await off({ currentPassword: PASSWORD })).status).toBe(400);
    expect((await off({ currentPassword: PASSWORD, code: codeAt(secret, 1) })).status).toBe(204);

    expect((await t.http().get('/auth/me').set('Authorization', user.auth)).body.mfaEnabled).toBe(false);
    const login = await post('/auth/login', { email: user.email, password: PASSWORD });
    expect(login.body.accessToken).toBeDefined();
    expect(login.body.mfaRequired).toBeUndefined();
    expect((await off({ currentPassword: PASSWORD, code: recoveryCodes[2] })).body.code).toBe('AUTH_MFA_NOT_ENABLED');
    const param = t.config.database.type === 'postgres' ? '$1' : '?';
    const rows = await t.app.get(DataSource).query(`SELECT COUNT(*) AS n FROM recovery_codes WHERE "userId" = ${param}`, [user.id]);
    expect(Number(rows[0].n)).toBe(0);
  });

  it('keeps the secrets out of the database in clear, out of later responses, and out of the log, which has the audit lines', async () => {
    const { user, secret, recoveryCodes } = await withTotp();
    const db = t.app.get(DataSource);
    const param = t.config.database.type === 'postgres' ? '$1' : '?';
    const [row] = await db.query(`SELECT secret FROM totp_factors WHERE "userId" = ${param}`, [user.id]);
    expect(row.secret).toMatch(/^v2\.[\w-]{8}\.[\w-]+\.[\w-]+\.[\w-]+$/);
    const dump = JSON.stringify([
      await db.query('SELECT * FROM totp_factors'),
      await db.query('SELECT * FROM recovery_codes'),
      await db.query('SELECT * FROM mfa_login_challenges'),
      await db.query('SELECT * FROM users'),
    ]);
    const normalized = (s: string) => s.toLowerCase().replace(/-/g, '');
    for (const s of [secret, ...secrets]) {
      expect(dump).not.toContain(s);
      expect(normalized(dump)).not.toContain(normalized(s));
    }
    expect(dump).not.toContain(Buffer.from(secret).toString('base64'));

    // After setup nothing answers the secret or a recovery code again.
    const me = await t.http().get('/auth/me').set('Authorization', user.auth);
    expect(JSON.stringify(me.body)).not.toContain(secret);
    const laterBodies = bodies.filter((b) => !b.includes('"secret"') && !b.includes('"recoveryCodes"') && !b.includes('"mfaToken"'));
    for (const body of laterBodies) for (const s of [secret, ...recoveryCodes]) expect(body).not.toContain(s);

    await new Promise((resolve) => setTimeout(resolve, 50));
    const log = lines.join('\n');
    expect(log).toContain('"event":"mfa.enabled"');
    expect(log).toContain('"event":"mfa.challenge_failed"');
    for (const s of secrets) expect(log).not.toContain(s);
  });
});
