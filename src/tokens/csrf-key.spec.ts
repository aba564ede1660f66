import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../config/index.js';
import { CSRF_KEY_FILE, loadCsrfKey } from './csrf-key.js';

describe('loadCsrfKey', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-csrf-key-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const jwt = (env: Record<string, string> = {}) => loadConfig({ NODE_ENV: 'test', JWT_KEYS_DIR: join(dir, 'keys'), ...env }).jwt;

  it('creates one 32-byte key file (0600) that every later load, concurrent or not, agrees on', async () => {
    const loads = await Promise.all([loadCsrfKey(jwt()), loadCsrfKey(jwt()), loadCsrfKey(jwt())]);
    expect(loads[0]).toHaveLength(32);
    for (const key of loads) expect(key.equals(loads[0])).toBe(true);
    expect((await loadCsrfKey(jwt())).equals(loads[0])).toBe(true);
    expect(readdirSync(join(dir, 'keys'))).toEqual([CSRF_KEY_FILE]);
    expect(statSync(join(dir, 'keys', CSRF_KEY_FILE)).mode & 0o777).toBe(0o600);
  });

  it('derives the key from JWT_SECRET for HS256, so instances that share only the secret agree', async () => {
    const secret = { JWT_ALG: 'HS256', JWT_SECRET: 'x'.repeat(16) + 'a secret of enough length' };
    const a = await loadCsrfKey(jwt(secret));
    expect((await loadCsrfKey(jwt(secret))).equals(a)).toBe(true);
    expect((await loadCsrfKey(jwt({ ...secret, JWT_SECRET: `${secret.JWT_SECRET}!` }))).equals(a)).toBe(false);
    expect(a.equals(Buffer.from(secret.JWT_SECRET).subarray(0, 32))).toBe(false);
  });

  it('refuses a key file that does not hold 32 bytes, with a one-line ConfigError', async () => {
    await loadCsrfKey(jwt());
    writeFileSync(join(dir, 'keys', CSRF_KEY_FILE), 'short');
    await expect(loadCsrfKey(jwt())).rejects.toThrow(ConfigError);
  });
});
