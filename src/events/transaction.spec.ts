import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { afterCommit, inTransaction } from './transaction.js';

// A real SQLite file through TypeORM's sqlite driver, which has one connection for everything.
describe('inTransaction on SQLite', () => {
  let dir: string;
  let db: DataSource;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-tx-'));
    db = await new DataSource({ type: 'sqlite', database: join(dir, 'tx.sqlite') }).initialize();
    await db.query('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
  });
  afterEach(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const texts = async () => (await db.query<{ text: string }[]>('SELECT text FROM notes ORDER BY id')).map((r) => r.text);
  const later = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it("keeps a statement sent during another flow's transaction out of it: the rollback does not undo it", async () => {
    let opened!: () => void;
    const open = new Promise<void>((r) => (opened = r));
    const failing = inTransaction(db, async (manager) => {
      await manager.query(`INSERT INTO notes (text) VALUES ('rolled back')`);
      opened();
      await later(50);
      throw new Error('the flow fails');
    }).catch((error: Error) => error.message);
    await open;
    // Another request's write while that transaction is open: it answers only after the rollback, and it stays.
    await db.query(`INSERT INTO notes (text) VALUES ('kept')`);
    expect(await failing).toBe('the flow fails');
    expect(await texts()).toEqual(['kept']);
  });

  it('runs concurrent transactions one after the other, each seeing what the one before committed', async () => {
    await db.query(`INSERT INTO notes (text) VALUES ('0')`);
    const increment = () =>
      inTransaction(db, async (manager) => {
        const [{ text }] = await manager.query<{ text: string }[]>('SELECT text FROM notes WHERE id = 1');
        await later(5);
        await manager.query('UPDATE notes SET text = ? WHERE id = 1', [String(Number(text) + 1)]);
      });
    await Promise.all(Array.from({ length: 10 }, increment));
    expect(await texts()).toEqual(['10']);
  });

  it('runs afterCommit tasks once committed, outside the turn (they may query and open transactions), and not after a rollback', async () => {
    const seen: string[][] = [];
    await inTransaction(db, async (manager) => {
      await manager.query(`INSERT INTO notes (text) VALUES ('committed')`);
      afterCommit(db, async () => {
        seen.push(await texts());
        await inTransaction(db, (m) => m.query(`INSERT INTO notes (text) VALUES ('after')`));
      });
    });
    await inTransaction(db, async () => {
      afterCommit(db, async () => void seen.push(['never']));
      throw new Error('rolled back');
    }).catch(() => undefined);
    expect(seen).toEqual([['committed']]);
    expect(await texts()).toEqual(['committed', 'after']);
  });
});
