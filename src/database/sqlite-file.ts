import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from '../config/index.js';

/**
 * Creates the SQLite file 0600 in a folder created 0700, like the signing keys: it holds password and refresh-token
 * hashes, and SQLite itself would create it 0644 (world-readable under the usual umask 022). SQLite gives its -wal and
 * -shm files the mode of the database file; those an earlier version left readable are tightened too. An existing
 * folder keeps its mode: it may be shared (e.g. `sqlite:gatehouse.sqlite` lives in the working directory).
 */
export function prepareSqliteFile(path: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    closeSync(openSync(path, 'a', 0o600));
    for (const file of [path, `${path}-wal`, `${path}-shm`]) {
      if (existsSync(file)) chmodSync(file, 0o600);
    }
  } catch (error) {
    throw new ConfigError(`DATABASE_URL: cannot create ${path} with mode 0600: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
