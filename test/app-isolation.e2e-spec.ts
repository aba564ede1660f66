import { startApp, type TestApp } from './support/test-app.js';

// Passport keeps strategies in a process-wide registry by name; the guard must use its own app's strategy,
// or the app started last would check every app's tokens with its keys and its revocations.
describe('two apps in one process', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startApp();
    b = await startApp();
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it("each accepts its own tokens and refuses the other's", async () => {
    const onA = await a.user();
    const onB = await b.user();
    expect((await a.http().get('/auth/me').set('Authorization', onA.auth)).status).toBe(200);
    expect((await b.http().get('/auth/me').set('Authorization', onB.auth)).status).toBe(200);
    expect((await a.http().get('/auth/verify').set('Authorization', onB.auth)).status).toBe(401);
    expect((await b.http().get('/auth/verify').set('Authorization', onA.auth)).status).toBe(401);
  });

  it('a logout on one app is honoured by that app, whichever started last', async () => {
    const onA = await a.user();
    expect((await a.http().get('/auth/verify').set('Authorization', onA.auth)).status).toBe(200);
    expect((await a.http().post('/auth/logout').set('Authorization', onA.auth)).status).toBe(204);
    expect((await a.http().get('/auth/verify').set('Authorization', onA.auth)).status).toBe(401);
  });
});
