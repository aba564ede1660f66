import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager, ObjectLiteral, Repository } from 'typeorm';

/**
 * A write and the events it publishes, in one database transaction: a flow wraps both in `inTransaction`, and
 * whatever runs inside (the flow's own writes through `repositoryFor`, the audit trail's append, revocation
 * listeners) uses the same EntityManager, carried by AsyncLocalStorage so no signature changes. A failing listener
 * rolls the write back. Lives in `events` (a leaf) because every producer already imports it, and `database` imports
 * the entities of the modules that would use it.
 */
interface Ambient {
  dataSource: DataSource;
  /** Set once the transaction has begun; before that (its BEGIN) the context only holds SQLite's turn. */
  manager?: EntityManager;
  beforeCommit: (() => Promise<void>)[];
  afterCommit: (() => Promise<void>)[];
}

const ambient = new AsyncLocalStorage<Ambient>();

// TypeORM's sqlite driver has one connection (and one query runner) for everything. A second transaction on it would
// nest as a savepoint of the first, and a plain statement sent while another flow's transaction is open runs inside
// that transaction: if it rolls back (a taken e-mail at registration, a failed audit append), the statement is undone
// with it although its own request answered success. So on SQLite everything takes turns: a transaction runs alone,
// from its BEGIN to its COMMIT, and each statement outside a transaction runs between transactions, never inside
// one. (SQLite runs the statements of one connection one at a time anyway.)
const sqliteTurns = new WeakMap<DataSource, Turns>();

class Turns {
  private tail: Promise<unknown> = Promise.resolve();

  take<T>(work: () => Promise<T>): Promise<T> {
    const mine = this.tail.then(work, work);
    this.tail = mine.catch(() => undefined);
    return mine;
  }
}

/** Makes every statement of this SQLite data source wait for its turn unless the caller holds the turn. */
function turnsFor(dataSource: DataSource): Turns {
  const known = sqliteTurns.get(dataSource);
  if (known) return known;
  const turns = new Turns();
  sqliteTurns.set(dataSource, turns);
  const runner = dataSource.driver.createQueryRunner('master');
  const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  runner.query = ((...args: unknown[]) =>
    // The transaction's context holds the turn from its BEGIN to its COMMIT (one AsyncLocalStorage for both jobs:
    // on node 20 each one costs every promise of every request a propagation step).
    ambient.getStore()?.dataSource === dataSource ? query(...args) : turns.take(() => query(...args))) as typeof runner.query;
  return turns;
}

export async function inTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const current = ambient.getStore();
  if (current?.manager && current.dataSource === dataSource) return work(current.manager);
  const context: Ambient = { dataSource, beforeCommit: [], afterCommit: [] };
  const run = () =>
    ambient.run(context, () =>
      dataSource.transaction(async (manager) => {
        context.manager = manager;
        const result = await work(manager);
        // Tasks added while these run (none today) run too; a failure rolls everything back.
        for (let i = 0; i < context.beforeCommit.length; i++) await context.beforeCommit[i]();
        return result;
      }),
    );
  const result = dataSource.options.type === 'sqlite' ? await turnsFor(dataSource).take(run) : await run();
  // After the commit and outside the turn: these tasks read what was committed and may open transactions.
  for (const task of context.afterCommit) await outsideTransaction(task);
  return result;
}

/** The transaction the caller runs in, if any (for this data source). */
export function ambientManager(dataSource: DataSource): EntityManager | undefined {
  const current = ambient.getStore();
  return current?.dataSource === dataSource ? current.manager : undefined;
}

/**
 * Runs `task` at the end of the caller's transaction, just before it commits (false, and nothing scheduled, when the
 * caller runs in none). The audit trail appends there: the chain's lock is then held for the append and the commit
 * only, not for the whole flow (a revocation in Redis, a second query), so appends of busy instances do not queue.
 */
export function beforeCommit(dataSource: DataSource, task: () => Promise<void>): boolean {
  const current = ambient.getStore();
  if (!current?.manager || current.dataSource !== dataSource) return false;
  current.beforeCommit.push(task);
  return true;
}

/**
 * Runs `task` once the caller's transaction has committed, before `inTransaction` returns (false, and nothing
 * scheduled, when the caller runs in none). For work that must see the committed rows from another connection, and
 * must not happen for a write that rolled back: the verification mail of a new account.
 */
export function afterCommit(dataSource: DataSource, task: () => Promise<void>): boolean {
  const current = ambient.getStore();
  if (!current?.manager || current.dataSource !== dataSource) return false;
  current.afterCommit.push(task);
  return true;
}

/** `repository`, or the same repository bound to the caller's transaction when there is one. */
export function repositoryFor<T extends ObjectLiteral>(repository: Repository<T>): Repository<T> {
  const current = ambientManager(repository.manager.connection);
  return current ? current.getRepository(repository.target) : repository;
}

/** Runs `work` outside any transaction of the caller (a timer armed inside one must not run in it later). */
export function outsideTransaction<T>(work: () => T): T {
  return ambient.exit(work);
}
