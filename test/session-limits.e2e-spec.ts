import { PASSWORD, startApp, uniqueEmail, type TestApp, type Tokens } from './support/test-app.js';

interface ListedSession {
  id: string;
  current: boolean;
  createdAt: string;
}

describe('MAX_SESSIONS_PER_USER', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ MAX_SESSIONS_PER_USER: '3' });
  });
  afterAll(() => t.close());

  const login = async (email: string) => (await t.http().post('/auth/login').send({ email, password: PASSWORD }).expect(200)).body as Tokens;
  const me = (tokens: Tokens) => t.http().get('/auth/me').set('Authorization', `Bearer ${tokens.accessToken}`);

  it('revokes the oldest session at once when a login goes beyond the limit, access and refresh tokens alike', async () => {
    const email = uniqueEmail('cap');
    await t.http().post('/auth/register').send({ email, password: PASSWORD }).expect(201);
    const first = await login(email);
    const second = await login(email);
    const third = await login(email);
    expect((await me(first)).status).toBe(200);

    const fourth = await login(email);
    const refused = await me(first);
    expect(refused.status).toBe(401);
    expect(refused.headers['www-authenticate']).toContain('error="invalid_token"');
    expect((await t.http().post('/auth/refresh').send({ refreshToken: first.refreshToken })).status).toBe(401);
    for (const live of [second, third, fourth]) expect((await me(live)).status).toBe(200);

    const listed = (await t.http().get('/auth/sessions').set('Authorization', `Bearer ${fourth.accessToken}`)).body as ListedSession[];
    expect(listed).toHaveLength(3);
    expect(listed[0].current).toBe(true);

    // The next login pushes out the next oldest, never the newest.
    const fifth = await login(email);
    expect((await me(second)).status).toBe(401);
    for (const live of [third, fourth, fifth]) expect((await me(live)).status).toBe(200);
  });

  it('counts live sessions only: a logged-out session leaves room for a new one', async () => {
    const email = uniqueEmail('cap-logout');
    await t.http().post('/auth/register').send({ email, password: PASSWORD }).expect(201);
    const sessions = [await login(email), await login(email), await login(email)];
    await t.http().post('/auth/logout').set('Authorization', `Bearer ${sessions[2].accessToken}`).expect(204);
    await login(email);
    expect((await me(sessions[0])).status).toBe(200);
    expect((await me(sessions[1])).status).toBe(200);
  });

  it("applies per user: another user's logins never push anyone else out", async () => {
    const a = await t.user();
    for (let i = 0; i < 4; i++) await t.user(uniqueEmail('cap-other'));
    const b = await t.user(uniqueEmail('cap-b'));
    for (let i = 0; i < 3; i++) await login(b.email);
    expect((await t.http().get('/auth/me').set('Authorization', a.auth)).status).toBe(200);
  });
});

describe('GET /auth/sessions paging', () => {
  let t: TestApp;
  let auth: string;
  let all: ListedSession[];
  beforeAll(async () => {
    t = await startApp();
    const email = uniqueEmail('pages');
    await t.http().post('/auth/register').send({ email, password: PASSWORD }).expect(201);
    let last: Tokens | undefined;
    for (let i = 0; i < 25; i++) last = (await t.http().post('/auth/login').send({ email, password: PASSWORD }).expect(200)).body as Tokens;
    auth = `Bearer ${last!.accessToken}`;
    const res = await t.http().get('/auth/sessions?limit=100').set('Authorization', auth);
    all = res.body as ListedSession[];
  });
  afterAll(() => t.close());

  const list = (query: string) => t.http().get(`/auth/sessions${query}`).set('Authorization', auth);

  it('answers the first 20, newest first, with the total in X-Total-Count', async () => {
    const res = await list('');
    expect(res.status).toBe(200);
    expect(res.headers['x-total-count']).toBe('25');
    expect(res.body).toHaveLength(20);
    expect(res.body[0].current).toBe(true);
    const times = (res.body as ListedSession[]).map((s) => s.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('pages through every session exactly once', async () => {
    expect(all).toHaveLength(25);
    const pages = [];
    for (let page = 1; page <= 3; page++) {
      const res = await list(`?page=${page}&limit=10`);
      expect(res.headers['x-total-count']).toBe('25');
      pages.push(...(res.body as ListedSession[]).map((s) => s.id));
    }
    expect(pages).toEqual(all.map((s) => s.id));
    const beyond = await list('?page=4&limit=10');
    expect(beyond.status).toBe(200);
    expect(beyond.body).toEqual([]);
  });

  it.each(['?limit=101', '?limit=0', '?page=0', '?page=-1', '?page=abc', '?limit=1.5', '?page=1&page=2', '?sort=ip'])(
    'answers 400 to bad paging %s',
    async (query) => {
      const res = await list(query);
      expect(res.status).toBe(400);
    },
  );
});
