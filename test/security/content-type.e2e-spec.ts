import { PASSWORD, startApp, uniqueEmail, type TestApp } from '../support/test-app.js';

// text/plain is a CORS "simple" content type: a hostile page can send it cross-site without a preflight
// (e.g. <form enctype="text/plain"> with a JSON-looking body). The API reads JSON only; anything else is 415.
describe('bodies that are not JSON', () => {
  let t: TestApp;
  let user: Awaited<ReturnType<TestApp['user']>>;
  beforeAll(async () => {
    t = await startApp();
    user = await t.user();
  });
  afterAll(() => t.close());

  const unsupported = (status: number, body: Record<string, unknown>) => {
    expect(status).toBe(415);
    expect(body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' });
  };

  it.each([['text/plain'], ['text/plain; charset=utf-8'], ['application/x-www-form-urlencoded'], ['multipart/form-data; boundary=x']])(
    'answers 415 to a login sent as %s, even with the right password in a JSON-looking body',
    async (type) => {
      const res = await t
        .http()
        .post('/auth/login')
        .set('Content-Type', type)
        .send(JSON.stringify({ email: user.email, password: PASSWORD }));
      unsupported(res.status, res.body);
      expect(res.body.accessToken).toBeUndefined();
    },
  );

  it('answers 415 to a login body sent without a content type', async () => {
    const res = await t.http().post('/auth/login').set('Content-Length', '2').unset('Content-Type').send('{}');
    unsupported(res.status, res.body);
  });

  it('answers 415 to a text/plain registration and creates no account', async () => {
    const email = uniqueEmail('plain');
    const res = await t
      .http()
      .post('/auth/register')
      .set('Content-Type', 'text/plain')
      .send(JSON.stringify({ email, password: PASSWORD }));
    unsupported(res.status, res.body);
    const login = await t.http().post('/auth/login').send({ email, password: PASSWORD });
    expect(login.status).toBe(401);
  });

  it('answers 415 to a text/plain article and to a text/plain password change, changing nothing', async () => {
    const article = await t
      .http()
      .post('/articles')
      .set('Authorization', user.auth)
      .set('Content-Type', 'text/plain')
      .send(JSON.stringify({ title: 'Plain', body: 'text' }));
    unsupported(article.status, article.body);
    const mine = await t.http().get('/articles').set('Authorization', user.auth);
    expect(mine.body.items.filter((a: { authorId: string }) => a.authorId === user.id)).toHaveLength(0);

    const change = await t
      .http()
      .post('/auth/password')
      .set('Authorization', user.auth)
      .set('Content-Type', 'text/plain')
      .send(JSON.stringify({ currentPassword: PASSWORD, newPassword: 'another long password' }));
    unsupported(change.status, change.body);
    expect((await t.http().post('/auth/login').send({ email: user.email, password: PASSWORD })).status).toBe(200);
  });

  it('still reads JSON, with or without a charset, and bodiless POSTs', async () => {
    const other = await t.user();
    const login = await t
      .http()
      .post('/auth/login')
      .set('Content-Type', 'application/json; charset=utf-8')
      .send(JSON.stringify({ email: other.email, password: PASSWORD }));
    expect(login.status).toBe(200);
    const logout = await t.http().post('/auth/logout').set('Authorization', `Bearer ${login.body.accessToken}`);
    expect(logout.status).toBe(204);
  });
});
