import { rmSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { undoMigrationsThrough } from './support/migrations.js';
import { dropTestDatabase, services } from './support/services.js';
import { startApp } from './support/test-app.js';

// The API keys migration rebuilds `users` on SQLite (a NOT NULL constraint cannot be dropped in place). With foreign
// keys on, dropping the old table would cascade into every session and article: this database of the previous
// version must come through whole, with its foreign keys still enforced.
describe('the API keys migration', () => {
  it('keeps the accounts, sessions and articles of a database from before it, and their foreign keys', { timeout: 60_000 }, async () => {
    const first = await startApp();
    const dir = first.dir;
    try {
      const author = await first.user();
      const article = await first.http().post('/articles').set('Authorization', author.auth).send({ title: 'kept', body: 'across the upgrade' });
      expect(article.status).toBe(201);
      const source = first.app.get(DataSource);
      await undoMigrationsThrough(source, 'ApiKeys1765200000000');
      const columns = await source.query(
        source.options.type === 'postgres'
          ? `SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'users'`
          : `PRAGMA table_info(users)`,
      );
      expect(columns.map((c: { name: string }) => c.name)).not.toContain('kind');
      await first.close({ keepFiles: true });

      const upgraded = await startApp({}, dir);
      try {
        // The session from before still refreshes, and its access token still works: nothing cascaded away.
        expect((await upgraded.http().get('/auth/me').set('Authorization', author.auth)).body).toMatchObject({ id: author.id, kind: 'person' });
        expect((await upgraded.http().post('/auth/refresh').send({ refreshToken: author.refreshToken })).status).toBe(200);
        expect(
          (
            await upgraded
              .http()
              .get(`/articles/${article.body.id as string}`)
              .set('Authorization', author.auth)
          ).status,
        ).toBe(200);
        await upgraded.login(author.email);

        // A service account (null password) can be stored now.
        const admin = await upgraded.admin();
        const account = await upgraded
          .http()
          .post('/users/service-accounts')
          .set('Authorization', admin.auth)
          .send({ name: 'svc', roles: ['user'] });
        expect(account.status).toBe(201);

        // The rebuilt table is still the one sessions and articles point to: deleting the author cascades to both.
        expect((await upgraded.http().delete(`/users/${author.id}`).set('Authorization', admin.auth)).status).toBe(204);
        const db = upgraded.app.get(DataSource);
        const left = async (table: string, column: string) =>
          Number((await db.query<{ n: string }[]>(`SELECT COUNT(*) AS n FROM ${table} WHERE "${column}" = '${author.id}'`))[0].n);
        expect(await left('sessions', 'userId')).toBe(0);
        expect(await left('articles', 'authorId')).toBe(0);
        if (db.options.type !== 'postgres') {
          expect(await db.query('PRAGMA foreign_key_check')).toEqual([]);
          const references = await db.query<{ table: string }[]>('PRAGMA foreign_key_list(sessions)');
          expect(references.map((r) => r.table)).toEqual(['users']);
        }
      } finally {
        await upgraded.close({ keepFiles: true });
      }
    } finally {
      if (services.postgres) await dropTestDatabase(dir);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
