import { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { buildDataSourceOptions } from './data-source-options.js';

describe('buildDataSourceOptions on SQLite', () => {
  it("keeps a failed statement's parameters out of the driver's error that TypeORM passes on", async () => {
    const dataSource = new DataSource(
      buildDataSourceOptions({ type: 'sqlite', url: ':memory:', poolSize: 1, statementTimeoutMs: 1000, connectTimeoutMs: 1000, synchronize: true }),
    );
    await dataSource.initialize();
    try {
      const secret = 'refresh-token-hash-4f1c9a';
      const failure = await dataSource
        .query('SELECT "tokenHash" FROM "no_such_table" WHERE "tokenHash" = ?', [secret])
        .catch((error: Error) => error);
      expect(failure).toBeInstanceOf(Error);
      expect((failure as Error).message).toMatch(/no such table/);
      // sqlite3's verbose mode (which TypeORM switches on by default) appends "--> in Database#all(<sql>, [<params>])"
      // to the driver's error, which TypeORM keeps as driverError.
      const driverError = (failure as { driverError?: Error }).driverError;
      expect(driverError?.message).toMatch(/no such table/);
      expect(driverError?.stack).not.toContain(secret);
      expect(driverError?.stack).not.toMatch(/--> in Database/);
    } finally {
      await dataSource.destroy();
    }
  });
});
