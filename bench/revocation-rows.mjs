// Revocations written straight into an instance's SQLite file, as another process would write them (the bench's
// revocation-size scenario and bench/revocation-memory.mjs).
import { randomUUID } from 'node:crypto';
import sqlite3 from 'sqlite3';

/** `count` revocations of random session ids, ten minutes from expiry: live while measured, older than the server's own. */
export async function insertRevocations(dbFile, count) {
  const db = new sqlite3.Database(dbFile);
  const run = (sql, params = []) => new Promise((resolve, reject) => db.run(sql, params, (err) => (err ? reject(err) : resolve())));
  const expires = new Date(Date.now() + 600_000).toISOString().replace('T', ' ').replace('Z', '');
  await run('BEGIN');
  for (let i = 0; i < count; i++) await run('INSERT INTO session_revocations (sid, "expiresAt") VALUES (?, ?)', [randomUUID(), expires]);
  await run('COMMIT');
  await new Promise((resolve) => db.close(resolve));
}
