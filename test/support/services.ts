import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';

/**
 * The services suite (npm run test:services) sets GATEHOUSE_TEST_DATABASE=postgres and GATEHOUSE_TEST_REDIS_URL;
 * startApp then gives every app a fresh PostgreSQL database and its own Redis key prefix.
 */
export const services = {
  postgres: process.env.GATEHOUSE_TEST_DATABASE === 'postgres',
  postgresUrl: process.env.GATEHOUSE_TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: process.env.GATEHOUSE_TEST_REDIS_URL || undefined,
};

/** Where the services suite's global setup compiles the app, so that instances can run as real processes. */
export const TEST_BUILD_DIR = join(__dirname, '..', '..', '.test-build');

export const TEST_DATABASE_PREFIX = 'gatehouse_t_';

async function withAdminClient<T>(fn: (client: DataSource) => Promise<T>): Promise<T> {
  const client = new DataSource({ type: 'postgres', url: services.postgresUrl, poolSize: 1, connectTimeoutMS: 5000 });
  await client.initialize();
  try {
    return await fn(client);
  } finally {
    await client.destroy();
  }
}

function databaseUrl(name: string): string {
  const url = new URL(services.postgresUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A new, empty PostgreSQL database; its URL is remembered in `dir` so that a restart on the same dir reuses it. */
export async function testDatabaseUrl(dir: string): Promise<string> {
  const file = join(dir, 'postgres-database');
  if (existsSync(file)) return databaseUrl(readFileSync(file, 'utf8'));
  const name = `${TEST_DATABASE_PREFIX}${randomBytes(6).toString('hex')}`;
  await withAdminClient((c) => c.query(`CREATE DATABASE "${name}"`));
  writeFileSync(file, name);
  return databaseUrl(name);
}

export async function dropTestDatabase(dir: string): Promise<void> {
  const file = join(dir, 'postgres-database');
  if (!existsSync(file)) return;
  const name = readFileSync(file, 'utf8');
  await withAdminClient((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** Drops every database a test run left behind (an aborted run, or restarts that kept their files). */
export async function dropAllTestDatabases(): Promise<number> {
  return withAdminClient(async (c) => {
    const rows: { datname: string }[] = await c.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${TEST_DATABASE_PREFIX}%`]);
    for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    return rows.length;
  });
}

/** A key prefix of its own for one app (or for the instances of one test), remembered in `dir` like the database. */
export function testRedisPrefix(dir: string): string {
  const file = join(dir, 'redis-prefix');
  if (existsSync(file)) return readFileSync(file, 'utf8');
  const prefix = `gh-t-${randomBytes(6).toString('hex')}:`;
  writeFileSync(file, prefix);
  return prefix;
}

export async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
