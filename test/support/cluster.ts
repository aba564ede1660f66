import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppProcess } from './app-process.js';
import { deleteRedisKeys, dropTestDatabase, services, testDatabaseUrl, testRedisPrefix } from './services.js';

export interface Cluster {
  dir: string;
  databaseUrl: string;
  instances: AppProcess[];
  close: () => Promise<void>;
}

/**
 * Several instances, each its own process, sharing one PostgreSQL database, one Redis key prefix and one signing-key
 * directory, as instances behind a load balancer would. Started one after the other (the first creates the schema
 * and the keys). `envFor(i)` may give an instance its own settings, e.g. a URL through a proxy.
 */
export async function startCluster(
  count: number,
  envFor: (index: number, databaseUrl: string) => Record<string, string> = () => ({}),
): Promise<Cluster> {
  if (!services.postgres || !services.redisUrl) throw new Error('startCluster needs the services suite (npm run test:services)');
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-cluster-'));
  mkdirSync(join(dir, 'keys'));
  const databaseUrl = await testDatabaseUrl(dir);
  const shared = { DATABASE_URL: databaseUrl, REDIS_URL: services.redisUrl, REDIS_KEY_PREFIX: testRedisPrefix(dir), JWT_KEYS_DIR: join(dir, 'keys') };
  const instances: AppProcess[] = [];
  const close = async () => {
    await Promise.all(instances.map((i) => i.stop()));
    await dropTestDatabase(dir);
    await deleteRedisKeys(services.redisUrl!, shared.REDIS_KEY_PREFIX);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < count; i++) instances.push(await AppProcess.start({ ...shared, ...envFor(i, databaseUrl) }));
  } catch (error) {
    await close();
    throw error;
  }
  return { dir, databaseUrl, instances, close };
}
