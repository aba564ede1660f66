import { randomUUID } from 'node:crypto';
import { userWithRole } from './support/accounts.js';
import { startApp, type TestApp } from './support/test-app.js';

type Caller = Awaited<ReturnType<TestApp['user']>>;
const ARTICLE_KEYS = ['authorId', 'body', 'createdAt', 'id', 'publishedAt', 'published', 'title', 'updatedAt'].sort();

describe('articles', () => {
  let t: TestApp;
  let author: Caller;
  let stranger: Caller;
  let editor: Caller;
  let admin: Caller;

  const write = async (caller: Caller, title = 'A title', body = 'A body') => {
    const res = await t.http().post('/articles').set('Authorization', caller.auth).send({ title, body });
    if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; title: string; body: string; published: boolean };
  };
  const publish = async (id: string) => t.http().post(`/articles/${id}/publish`).set('Authorization', editor.auth).expect(200);

  beforeAll(async () => {
    t = await startApp();
    author = await t.user();
    stranger = await t.user();
    editor = await userWithRole(t, 'editor');
    admin = await userWithRole(t, 'admin', 'second-admin');
  });
  afterAll(() => t.close());

  describe('POST /articles', () => {
    it('creates an unpublished article by the caller', async () => {
      const res = await t.http().post('/articles').set('Authorization', author.auth).send({ title: 'Rotating tokens', body: 'Why and how' });
      expect(res.status).toBe(201);
      expect(Object.keys(res.body).sort()).toEqual(ARTICLE_KEYS);
      expect(res.body).toMatchObject({ title: 'Rotating tokens', body: 'Why and how', authorId: author.id, published: false, publishedAt: null });
      expect(new Date(res.body.createdAt).toISOString()).toBe(res.body.createdAt);
      expect(new Date(res.body.updatedAt).toISOString()).toBe(res.body.updatedAt);
    });

    it('answers 401 to an anonymous caller', async () => {
      const res = await t.http().post('/articles').send({ title: 't', body: 'b' });
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="gatehouse"');
    });

    it.each([
      ['a title over 200 characters', { title: 't'.repeat(201), body: 'b' }],
      ['a body over 50000 characters', { title: 't', body: 'b'.repeat(50_001) }],
      ['an empty title', { title: '', body: 'b' }],
      ['an empty body', { title: 't', body: '' }],
      ['a missing body', { title: 't' }],
      ['a numeric title', { title: 42, body: 'b' }],
      ['an authorId in the body', { title: 't', body: 'b', authorId: randomUUID() }],
      ['published in the body', { title: 't', body: 'b', published: true }],
    ])('answers 400 for %s', async (_case, body) => {
      const res = await t.http().post('/articles').set('Authorization', author.auth).send(body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    });

    it('accepts the boundary lengths: a 200-character title and a 50000-character body', async () => {
      const created = await write(author, 't'.repeat(200), 'b'.repeat(50_000));
      expect(created.title).toHaveLength(200);
      expect(created.body).toHaveLength(50_000);
    });
  });

  describe('GET /articles/:id', () => {
    it('hides a draft (404) from anonymous callers and other users, shows it to its author, editors and admins', async () => {
      const draft = await write(author);
      const anonymous = await t.http().get(`/articles/${draft.id}`);
      expect(anonymous.status).toBe(404);
      expect(anonymous.body.code).toBe('ARTICLE_NOT_FOUND');
      const other = await t.http().get(`/articles/${draft.id}`).set('Authorization', stranger.auth);
      expect(other.status).toBe(404);
      expect(other.body).toEqual(anonymous.body);
      for (const caller of [author, editor, admin]) {
        const res = await t.http().get(`/articles/${draft.id}`).set('Authorization', caller.auth);
        expect(res.status).toBe(200);
        expect(res.body.id).toBe(draft.id);
      }
    });

    it('shows a published article to everyone', async () => {
      const article = await write(author);
      await publish(article.id);
      await t.http().get(`/articles/${article.id}`).expect(200);
      await t.http().get(`/articles/${article.id}`).set('Authorization', stranger.auth).expect(200);
    });

    it('treats a rejected token on this public route as anonymous', async () => {
      const draft = await write(author);
      await t.http().get(`/articles/${draft.id}`).set('Authorization', 'Bearer junk').expect(404);
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      await t.http().get(`/articles/${randomUUID()}`).expect(404);
      await t.http().get('/articles/123').expect(400);
    });
  });

  describe('GET /articles', () => {
    it('lists published articles only to anonymous callers and users, and drafts too to editors and admins', async () => {
      const draft = await write(author, 'Draft for listing');
      const live = await write(author, 'Published for listing');
      await publish(live.id);
      const ids = async (auth?: string) => {
        const req = t.http().get('/articles?limit=100');
        const res = await (auth ? req.set('Authorization', auth) : req);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ page: 1, limit: 100 });
        expect(res.body.total).toBe(res.body.items.length);
        return res.body.items as { id: string; published: boolean }[];
      };
      for (const auth of [undefined, stranger.auth, author.auth, 'Bearer junk']) {
        const items = await ids(auth);
        expect(items.map((a) => a.id)).toContain(live.id);
        expect(items.map((a) => a.id)).not.toContain(draft.id);
        expect(items.every((a) => a.published)).toBe(true);
      }
      for (const auth of [editor.auth, admin.auth]) {
        const items = await ids(auth);
        expect(items.map((a) => a.id)).toEqual(expect.arrayContaining([draft.id, live.id]));
        expect(items.some((a) => !a.published)).toBe(true);
      }
    });

    it('pages, and answers 400 for bad paging', async () => {
      const page = await t.http().get('/articles?page=1&limit=1').set('Authorization', editor.auth);
      expect(page.status).toBe(200);
      expect(page.body.items).toHaveLength(1);
      expect(page.body.total).toBeGreaterThan(1);
      for (const query of ['page=0', 'limit=101', 'page=abc']) await t.http().get(`/articles?${query}`).expect(400);
    });
  });

  describe('PATCH /articles/:id', () => {
    it('lets the author and an editor edit, and answers 403 to another user', async () => {
      const article = await write(author);
      await publish(article.id);
      const byAuthor = await t.http().patch(`/articles/${article.id}`).set('Authorization', author.auth).send({ title: 'By author' });
      expect(byAuthor.status).toBe(200);
      expect(byAuthor.body).toMatchObject({ title: 'By author', body: 'A body', published: true });
      const byEditor = await t.http().patch(`/articles/${article.id}`).set('Authorization', editor.auth).send({ body: 'By editor' });
      expect(byEditor.status).toBe(200);
      expect(byEditor.body).toMatchObject({ title: 'By author', body: 'By editor', authorId: author.id });
      const byStranger = await t.http().patch(`/articles/${article.id}`).set('Authorization', stranger.auth).send({ title: 'Defaced' });
      expect(byStranger.status).toBe(403);
      expect(byStranger.body.code).toBe('ARTICLE_FORBIDDEN');
      const after = await t.http().get(`/articles/${article.id}`);
      expect(after.body).toMatchObject({ title: 'By author', body: 'By editor' });
    });

    it('answers 404 to another user for a draft they cannot see, and 401 without a token', async () => {
      const draft = await write(author);
      await t.http().patch(`/articles/${draft.id}`).set('Authorization', stranger.auth).send({ title: 'x' }).expect(404);
      await t.http().patch(`/articles/${draft.id}`).send({ title: 'x' }).expect(401);
    });

    it.each([
      ['an empty title', { title: '' }],
      ['a title over 200 characters', { title: 'x'.repeat(201) }],
      ['a body over 50000 characters', { body: 'x'.repeat(50_001) }],
      ['an authorId', { authorId: randomUUID() }],
      ['published', { published: true }],
    ])('answers 400 for %s and changes nothing', async (_case, body) => {
      const article = await write(author, 'Unchanged');
      const res = await t.http().patch(`/articles/${article.id}`).set('Authorization', author.auth).send(body);
      expect(res.status).toBe(400);
      const after = await t.http().get(`/articles/${article.id}`).set('Authorization', author.auth);
      expect(after.body).toMatchObject({ title: 'Unchanged', authorId: author.id, published: false });
    });
  });

  describe('POST /articles/:id/publish', () => {
    it('answers 403 to a plain user, even the author', async () => {
      const article = await write(author);
      const res = await t.http().post(`/articles/${article.id}/publish`).set('Authorization', author.auth);
      expect(res.status).toBe(403);
      await t.http().get(`/articles/${article.id}`).expect(404);
    });

    it('lets an editor and an admin publish', async () => {
      for (const caller of [editor, admin]) {
        const article = await write(author);
        const res = await t.http().post(`/articles/${article.id}/publish`).set('Authorization', caller.auth);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ id: article.id, published: true });
        expect(new Date(res.body.publishedAt).toISOString()).toBe(res.body.publishedAt);
        const seen = await t.http().get(`/articles/${article.id}`);
        expect(seen.status).toBe(200);
        expect(seen.body.published).toBe(true);
      }
    });

    it('answers 404 for an unknown article and 401 without a token', async () => {
      await t.http().post(`/articles/${randomUUID()}/publish`).set('Authorization', editor.auth).expect(404);
      await t.http().post(`/articles/${randomUUID()}/publish`).expect(401);
    });
  });

  describe('DELETE /articles/:id', () => {
    it('answers 403 to an editor and to another user, and keeps the article', async () => {
      const article = await write(author);
      await publish(article.id);
      const byEditor = await t.http().delete(`/articles/${article.id}`).set('Authorization', editor.auth);
      expect(byEditor.status).toBe(403);
      // The message names the delete rule, not the edit rule the editor does satisfy.
      expect(byEditor.body).toMatchObject({ code: 'ARTICLE_FORBIDDEN', message: 'Only the author or an admin may delete this article' });
      const byStranger = await t.http().delete(`/articles/${article.id}`).set('Authorization', stranger.auth);
      expect(byStranger.status).toBe(403);
      await t.http().get(`/articles/${article.id}`).expect(200);
    });

    it('lets the author delete', async () => {
      const article = await write(author);
      await t.http().delete(`/articles/${article.id}`).set('Authorization', author.auth).expect(204);
      await t.http().get(`/articles/${article.id}`).set('Authorization', author.auth).expect(404);
    });

    it('lets an admin delete', async () => {
      const article = await write(author);
      await t.http().delete(`/articles/${article.id}`).set('Authorization', admin.auth).expect(204);
      await t.http().get(`/articles/${article.id}`).set('Authorization', admin.auth).expect(404);
    });

    it('answers 401 without a token and 400 for a malformed id', async () => {
      const article = await write(author);
      await t.http().delete(`/articles/${article.id}`).expect(401);
      await t.http().delete('/articles/nope').set('Authorization', author.auth).expect(400);
    });
  });
});
