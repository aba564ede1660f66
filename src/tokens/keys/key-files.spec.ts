import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../config/index.js';
import { ensureKeysDir, listStoredKeys, markActiveFrom, readPrivateKey, writeNewKey } from './key-files.js';

describe('key files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-keys-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a key folder that is not a folder with one line', async () => {
    const file = join(dir, 'plain-file');
    writeFileSync(file, 'x');
    await expect(ensureKeysDir(file)).rejects.toThrow(ConfigError);
    await expect(ensureKeysDir(join(file, 'keys'))).rejects.toThrow(/JWT_KEYS_DIR .* is not a usable folder: ENOTDIR/);
  });

  it('writes keys 0600 in a 0700 folder and lists them oldest first with their activation time', async () => {
    const keysDir = join(dir, 'keys');
    const first = await writeNewKey(keysDir, 'ES256', 1_000);
    const second = await writeNewKey(keysDir, 'ES256');
    await writeNewKey(keysDir, 'RS256');
    expect(statSync(keysDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(keysDir, first.file)).mode & 0o777).toBe(0o600);
    const listed = await listStoredKeys(keysDir, 'ES256');
    expect(listed.map((k) => k.file)).toEqual([first.file, second.file]);
    expect(listed.map((k) => k.activeFromMs)).toEqual([1_000, undefined]);
  });

  it('lets the first process record an activation time and the others read it', async () => {
    const key = await writeNewKey(dir, 'ES256');
    expect(await markActiveFrom(dir, key, 5_000)).toBe(5_000);
    expect(await markActiveFrom(dir, key, 9_000)).toBe(5_000);
    expect(readFileSync(join(dir, `ES256-${key.createdMs}.active-from`), 'utf8')).toBe(new Date(5_000).toISOString());
  });

  it('refuses a key file of the wrong type or a corrupt one', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' });
    writeFileSync(join(dir, 'ES256-1.pem'), rsa);
    writeFileSync(join(dir, 'ES256-2.pem'), 'not a key');
    writeFileSync(join(dir, 'HS256-3.secret'), 'c2hvcnQ');
    const [wrongType, corrupt] = await listStoredKeys(dir, 'ES256');
    await expect(readPrivateKey(dir, wrongType)).rejects.toThrow(/ES256-1.pem is not a valid ES256 key \(not a P-256 key\)/);
    await expect(readPrivateKey(dir, corrupt)).rejects.toThrow(ConfigError);
    const [short] = await listStoredKeys(dir, 'HS256');
    await expect(readPrivateKey(dir, short)).rejects.toThrow(/shorter than 32 bytes/);
  });

  it('refuses an activation marker that is not a time', async () => {
    const key = await writeNewKey(dir, 'ES256');
    writeFileSync(join(dir, `ES256-${key.createdMs}.active-from`), 'soon');
    await expect(listStoredKeys(dir, 'ES256')).rejects.toThrow(/does not hold an ISO time/);
  });
});
