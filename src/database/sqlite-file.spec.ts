import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../config/index.js';
import { prepareSqliteFile } from './sqlite-file.js';

const mode = (path: string) => statSync(path).mode & 0o777;

describe('prepareSqliteFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-sqlite-file-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates missing folders 0700 and the file 0600, leaving an existing folder as it is', () => {
    chmodSync(dir, 0o755);
    const file = join(dir, 'a', 'b', 'db.sqlite');
    prepareSqliteFile(file);
    expect([mode(join(dir, 'a')), mode(join(dir, 'a', 'b')), mode(file), mode(dir)]).toEqual([0o700, 0o700, 0o600, 0o755]);
  });

  it('tightens an existing file and its -wal and -shm files, keeping their contents', () => {
    const file = join(dir, 'db.sqlite');
    for (const path of [file, `${file}-wal`, `${file}-shm`]) {
      writeFileSync(path, 'data', { mode: 0o664 });
      chmodSync(path, 0o664);
    }
    prepareSqliteFile(file);
    expect([mode(file), mode(`${file}-wal`), mode(`${file}-shm`)]).toEqual([0o600, 0o600, 0o600]);
    expect(statSync(file).size).toBe(4);
  });

  it('refuses a path it cannot create with a one-line ConfigError', () => {
    writeFileSync(join(dir, 'plain-file'), '');
    expect(() => prepareSqliteFile(join(dir, 'plain-file', 'db.sqlite'))).toThrow(ConfigError);
    expect(() => prepareSqliteFile(join(dir, 'plain-file', 'db.sqlite'))).toThrow(
      /^DATABASE_URL: cannot create .*plain-file.* with mode 0600: E[A-Z]+$/,
    );
  });
});
