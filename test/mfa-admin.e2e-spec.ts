import { Secret, TOTP } from 'otpauth';
import { startApp, type TestApp } from './support/test-app.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './support/accounts.js';

describe('ADMIN_REQUIRE_MFA=true', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ ADMIN_REQUIRE_MFA: 'true' });
  });
  afterAll(() => t.close());

  it('refuses every admin route to a password-only admin token with 403 AUTH_MFA_REQUIRED, and opens them after a login with TOTP', async () => {
    const admin = await t.admin();
    const refused = await t.http().get('/users').set('Authorization', admin.auth);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('AUTH_MFA_REQUIRED');
    expect((await t.http().get(`/users/${admin.id}`).set('Authorization', admin.auth)).body.code).toBe('AUTH_MFA_REQUIRED');
    // Routes that are not admin-only are unchanged.
    expect((await t.http().get('/auth/me').set('Authorization', admin.auth)).status).toBe(200);
    expect((await t.http().get('/articles').set('Authorization', admin.auth)).status).toBe(200);

    const setup = await t.http().post('/auth/mfa/totp/setup').set('Authorization', admin.auth).send({ currentPassword: ADMIN_PASSWORD });
    const totp = new TOTP({ secret: Secret.fromBase32(setup.body.secret), digits: 6, period: 30 });
    expect((await t.http().post('/auth/mfa/totp/confirm').set('Authorization', admin.auth).send({ code: totp.generate() })).status).toBe(200);
    const step = await t.http().post('/auth/login').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    const done = await t
      .http()
      .post('/auth/login/mfa')
      .send({ mfaToken: step.body.mfaToken, code: totp.generate({ timestamp: Date.now() + 30_000 }) });
    expect(done.status).toBe(200);
    expect((await t.http().get('/users').set('Authorization', `Bearer ${done.body.accessToken}`)).status).toBe(200);
  });
});
