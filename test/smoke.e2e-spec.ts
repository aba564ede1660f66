import { startApp, type TestApp } from './support/test-app.js';

describe('smoke', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startApp(); });
  afterAll(() => t.close());

  it('logs in and reads /auth/me', async () => {
    const u = await t.user();
    const me = await t.http().get('/auth/me').set('Authorization', u.auth);
    expect(me.status).toBe(200);
    expect(me.body.email).toBe(u.email);
    const admin = await t.admin();
    const list = await t.http().get('/users').set('Authorization', admin.auth);
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(2);
  });
});
