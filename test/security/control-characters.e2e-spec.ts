import { runCli } from '../../src/cli/index.js';
import { PASSWORD, startApp, uniqueEmail, type TestApp } from '../support/test-app.js';

// NUL and other control characters used to be stored as they came (201 on SQLite) or to crash the insert (500 on
// PostgreSQL, which refuses NUL in text). They also let a name or title rewrite a terminal (ESC), a log line (CR, LF)
// or the order in which a page shows text (bidi overrides). This file also runs on PostgreSQL in the services suite.
const CONTROLS: [string, string][] = [
  ['NUL', '\u0000'],
  ['BEL', '\u0007'],
  ['ESC (a terminal escape)', '\u001b[31m'],
  ['DEL', '\u007f'],
  ['C1 NEL', '\u0085'],
  ['C1 CSI', '\u009b'],
  ['a lone surrogate', '\ud800'],
];
// Single-line fields also refuse line breaks, tabs and the bidi controls that reorder what a reader sees.
const SINGLE_LINE_ONLY: [string, string][] = [
  ['LF', '\n'],
  ['CR', '\r'],
  ['TAB', '\t'],
  ['U+2028 LINE SEPARATOR', '\u2028'],
  ['U+202E RIGHT-TO-LEFT OVERRIDE', '\u202e'],
  ['U+2066 LEFT-TO-RIGHT ISOLATE', '\u2066'],
];

describe('control characters in stored text', () => {
  let t: TestApp;
  let author: Awaited<ReturnType<TestApp['user']>>;
  beforeAll(async () => {
    t = await startApp();
    author = await t.user();
  });
  afterAll(() => t.close());

  const refused = (res: { status: number; body: Record<string, unknown> }, field: string) => {
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(JSON.stringify(res.body.message)).toContain(`${field} must not contain control characters`);
  };

  describe.each([...CONTROLS, ...SINGLE_LINE_ONLY])('%s', (_name, control) => {
    it('in a display name is 400 and creates no account', async () => {
      const email = uniqueEmail('ctl');
      refused(
        await t
          .http()
          .post('/auth/register')
          .send({ email, password: PASSWORD, displayName: `Ada${control}Lovelace` }),
        'displayName',
      );
      expect((await t.http().post('/auth/login').send({ email, password: PASSWORD })).status).toBe(401);
    });

    it('in an article title is 400, on create and on update', async () => {
      refused(
        await t
          .http()
          .post('/articles')
          .set('Authorization', author.auth)
          .send({ title: `Title${control}x`, body: 'text' }),
        'title',
      );
      const created = await t.http().post('/articles').set('Authorization', author.auth).send({ title: 'Clean', body: 'text' });
      expect(created.status).toBe(201);
      refused(
        await t
          .http()
          .patch(`/articles/${created.body.id}`)
          .set('Authorization', author.auth)
          .send({ title: `T${control}` }),
        'title',
      );
      expect((await t.http().get(`/articles/${created.body.id}`).set('Authorization', author.auth)).body.title).toBe('Clean');
    });
  });

  describe.each(CONTROLS)('%s', (_name, control) => {
    it('in an article body is 400, on create and on update', async () => {
      refused(
        await t
          .http()
          .post('/articles')
          .set('Authorization', author.auth)
          .send({ title: 'T', body: `a${control}b` }),
        'body',
      );
      const created = await t.http().post('/articles').set('Authorization', author.auth).send({ title: 'Clean', body: 'text' });
      refused(
        await t
          .http()
          .patch(`/articles/${created.body.id}`)
          .set('Authorization', author.auth)
          .send({ body: `x${control}` }),
        'body',
      );
      expect((await t.http().get(`/articles/${created.body.id}`).set('Authorization', author.auth)).body.body).toBe('text');
    });

    it('in an e-mail address is 400 on register and on login', async () => {
      // A quoted local part is a valid address that may carry control characters (RFC 5322 obs-qtext).
      const email = `"ada${control}"@example.com`;
      refused(await t.http().post('/auth/register').send({ email, password: PASSWORD }), 'email');
      refused(await t.http().post('/auth/login').send({ email, password: PASSWORD }), 'email');
      refused(
        await t
          .http()
          .post('/auth/login')
          .send({ email: `ada${control}@example.com`, password: PASSWORD }),
        'email',
      );
    });
  });

  it('keeps line breaks, tabs and right-to-left text in an article body, and emoji and scripts in names', async () => {
    const body = 'First line\n\tindented\r\nWindows line\u2028separated\nمرحبا \u202bembedded\u202c end';
    const created = await t.http().post('/articles').set('Authorization', author.auth).send({ title: 'Zoë’s 👩‍👩‍👧 notes', body });
    expect(created.status).toBe(201);
    const read = await t.http().get(`/articles/${created.body.id}`).set('Authorization', author.auth);
    expect(read.body).toMatchObject({ title: 'Zoë’s 👩‍👩‍👧 notes', body });

    const email = uniqueEmail('names');
    const reg = await t.http().post('/auth/register').send({ email, password: PASSWORD, displayName: 'محمد‌رضا Zoë 👩‍💻' });
    expect(reg.status).toBe(201);
    expect(reg.body.displayName).toBe('محمد‌رضا Zoë 👩‍💻');
  });
});

describe('control characters given to the operator CLI', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it.each([
    [
      'a display name',
      (email: string) => ['create-user', '--email', email, '--name', 'Ops\u001b[2JEditor'],
      /--name must not contain control characters/,
    ],
    ['an e-mail address', () => ['create-user', '--email', '"ops\u0007"@example.com'], /not a valid email/],
  ])('refuses %s with exit code 2 and creates nothing', async (_case, argv, reason) => {
    const email = uniqueEmail('cli');
    let err = '';
    const code = await runCli(argv(email), t.config, { out: () => undefined, err: (line) => (err += line), readStdin: async () => PASSWORD });
    expect(code).toBe(2);
    expect(err).toMatch(reason);
    expect((await t.http().post('/auth/login').send({ email, password: PASSWORD })).status).toBe(401);
  });
});
