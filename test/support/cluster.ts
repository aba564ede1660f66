import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deleteRedisKeys, dropTestDatabase, services, testRedisPrefix } from './services.js';
import { startApp, type TestApp } from './test-app.js';

export interface Cluster {
  dir: string;
  instances: TestApp[];
  close: () => Promise<void>;
}

/**
 * Several app instances in this process sharing one PostgreSQL database, one Redis key prefix and one signing-key
 * directory, as several processes behind a load balancer would. Started one after the other (the first creates
 * the schema and the keys). `envFor(i)` may give an instance its own settings, e.g. a Redis URL through a proxy.
 */
export async function startCluster(count: number, envFor: (index: number) => Record<string, string> = () => ({})): Promise<Cluster> {
  if (!services.postgres || !services.redisUrl) throw new Error('startCluster needs the services suite (npm run test:services)');
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-cluster-'));
  const instances: TestApp[] = [];
  for (let i = 0; i < count; i++) instances.push(await startApp(envFor(i), dir));
  return {
    dir,
    instances,
    async close() {
      for (const instance of instances) await instance.close();
      await dropTestDatabase(dir);
      await deleteRedisKeys(services.redisUrl!, testRedisPrefix(dir));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
