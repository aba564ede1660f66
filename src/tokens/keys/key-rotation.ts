import { type AppConfig, ConfigError } from '../../config/index.js';
import { deleteStoredKey, listStoredKeys, readPrivateKey, writeNewKey } from './key-files.js';
import { retirementTimes, signingIndex } from './key-schedule.js';
import { kidOf } from './signing-key.js';

export interface RotateOptions {
  /**
   * Stage the key: published (and verifying) from each instance's next start, signing only from this
   * many seconds on. Without it the key signs from the next start.
   */
  signAfterSeconds?: number;
}

/**
 * Adds a new signing key to JWT_KEYS_DIR and deletes keys whose tokens have all expired. Running instances
 * pick the new key up at their next start. Used by `npm run keys:rotate` and by the operator CLI.
 */
export async function rotateSigningKey(config: AppConfig, options: RotateOptions = {}): Promise<{ kid: string; signsFrom?: Date }> {
  const { algorithm, secret, keysDir, accessTtlSeconds, clockToleranceSeconds } = config.jwt;
  if (algorithm === 'HS256' && secret) {
    throw new ConfigError('HS256 with JWT_SECRET does not rotate by file: set a new JWT_SECRET (every token signed with the old one stops working)');
  }
  const nowMs = Date.now();
  await pruneRetiredKeys(keysDir, algorithm, (accessTtlSeconds + clockToleranceSeconds) * 1000, nowMs);
  const activeFromMs = options.signAfterSeconds !== undefined ? nowMs + options.signAfterSeconds * 1000 : undefined;
  const key = await writeNewKey(keysDir, algorithm, activeFromMs);
  const kid = await kidOf(algorithm, await readPrivateKey(keysDir, key));
  return activeFromMs === undefined ? { kid } : { kid, signsFrom: new Date(activeFromMs) };
}

async function pruneRetiredKeys(dir: string, alg: AppConfig['jwt']['algorithm'], graceMs: number, nowMs: number): Promise<void> {
  const stored = await listStoredKeys(dir, alg);
  const retiresAt = retirementTimes(stored, graceMs);
  const signing = signingIndex(stored, nowMs);
  for (const [i, key] of stored.entries()) {
    if (i !== signing && retiresAt[i] !== undefined && retiresAt[i] <= nowMs) await deleteStoredKey(dir, key);
  }
}
