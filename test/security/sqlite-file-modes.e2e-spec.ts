import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PASSWORD, startApp, uniqueEmail } from '../support/test-app.js';

const mode = (path: string) => statSync(path).mode & 0o777;

// The database holds password hashes and refresh-token hashes: like the signing keys, it must not be readable by
// the other accounts of the machine, whatever the umask (022 is the common default that makes files world-readable).
describe('the SQLite database file', () => {
  let dir: string;
  let umask: number;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-modes-'));
    umask = process.umask(0o022);
  });
  afterEach(() => {
    process.umask(umask);
    rmSync(dir, { recursive: true, force: true });
  });

  it('is created 0600 in a folder created 0700, and so are its -wal and -shm files', async () => {
    const folder = join(dir, 'data', 'db');
    const file = join(folder, 'gatehouse.sqlite');
    const t = await startApp({ DATABASE_URL: `sqlite:${file}` }, dir);
    try {
      // A write, so that the write-ahead log and its shared-memory index exist.
      expect(
        (
          await t
            .http()
            .post('/auth/register')
            .send({ email: uniqueEmail('modes'), password: PASSWORD })
        ).status,
      ).toBe(201);
      expect(mode(join(dir, 'data'))).toBe(0o700);
      expect(mode(folder)).toBe(0o700);
      expect(mode(file)).toBe(0o600);
      for (const suffix of ['-wal', '-shm']) {
        expect(existsSync(file + suffix)).toBe(true);
        expect(mode(file + suffix)).toBe(0o600);
      }
    } finally {
      await t.close();
    }
  });

  it('is tightened to 0600 when an earlier version left it readable by others', async () => {
    const file = join(dir, 'gatehouse.sqlite');
    const first = await startApp({ DATABASE_URL: `sqlite:${file}` }, dir);
    await first.close({ keepFiles: true });
    for (const path of [file, `${file}-wal`, `${file}-shm`]) {
      if (!existsSync(path)) writeFileSync(path, '');
      chmodSync(path, 0o644);
    }
    const second = await startApp({ DATABASE_URL: `sqlite:${file}` }, dir);
    try {
      expect(
        (
          await second
            .http()
            .post('/auth/register')
            .send({ email: uniqueEmail('modes'), password: PASSWORD })
        ).status,
      ).toBe(201);
      expect(mode(file)).toBe(0o600);
      expect(mode(`${file}-wal`)).toBe(0o600);
      expect(mode(`${file}-shm`)).toBe(0o600);
    } finally {
      await second.close();
    }
  });
});
