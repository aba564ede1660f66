import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { Redis } from 'ioredis';
import { join } from 'node:path';
import { dropAllTestDatabases, services, TEST_BUILD_DIR } from './services.js';

async function checkPostgres(): Promise<string | undefined> {
  try {
    await dropAllTestDatabases();
    return undefined;
  } catch (error) {
    return `PostgreSQL is not reachable at ${services.postgresUrl} (${(error as Error).message})`;
  }
}

async function checkRedis(url: string): Promise<string | undefined> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3000, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return undefined;
  } catch (error) {
    return `Redis is not reachable at ${url} (${(error as Error).message})`;
  } finally {
    redis.disconnect();
  }
}

/** Fails the services suite at once, with the reason, when PostgreSQL or Redis is missing (start them: .ci/services.sh). */
export default async function setup(): Promise<() => Promise<void>> {
  const problems = [await checkPostgres(), services.redisUrl ? await checkRedis(services.redisUrl) : 'GATEHOUSE_TEST_REDIS_URL is not set'];
  const missing = problems.filter((p): p is string => p !== undefined);
  if (missing.length) {
    const message = `npm run test:services needs PostgreSQL and Redis:\n  - ${missing.join('\n  - ')}\nStart them with .ci/services.sh (or set GATEHOUSE_TEST_POSTGRES_URL / GATEHOUSE_TEST_REDIS_URL).`;
    console.error(`\n${message}\n`);
    throw new Error(message);
  }
  // The multi-instance tests run each instance as its own process, from this build of the current sources.
  rmSync(TEST_BUILD_DIR, { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [join(process.cwd(), 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--outDir', TEST_BUILD_DIR],
    { stdio: 'inherit' },
  );
  // tsc copies no assets (nest build does, per nest-cli.json): the demo page is read at start-up.
  cpSync(join(process.cwd(), 'src', 'demo', 'assets'), join(TEST_BUILD_DIR, 'src', 'demo', 'assets'), { recursive: true });
  return async () => {
    await dropAllTestDatabases();
  };
}
