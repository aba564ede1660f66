import type { DataSource } from 'typeorm';

/**
 * Takes the database back to the schema before migration `name` (its class name, e.g. `ApiKeys1765200000000`), undoing
 * every later migration first: a database of the version before it, data and all, whatever has been added since.
 */
export async function undoMigrationsThrough(source: DataSource, name: string): Promise<void> {
  const executed = await source.query<{ name: string }[]>('SELECT name FROM migrations ORDER BY timestamp DESC');
  const index = executed.findIndex((row) => row.name === name);
  if (index < 0) throw new Error(`migration ${name} has not run: ${executed.map((row) => row.name).join(', ')}`);
  for (let i = 0; i <= index; i++) await source.undoLastMigration();
}
