import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { createApp, type CreateAppOptions } from '../../src/app.setup.js';
import { type AppConfig, loadConfig } from '../../src/config/index.js';
import { accounts, ADMIN_EMAIL, ADMIN_PASSWORD, type Account } from './accounts.js';
import { deleteRedisKeys, dropTestDatabase, services, testDatabaseUrl, testRedisPrefix } from './services.js';

export { ADMIN_EMAIL, ADMIN_PASSWORD, PASSWORD, uniqueEmail, type Account, type Tokens } from './accounts.js';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  dir: string;
  http: () => TestAgent;
  /** POST `body` as JSON, with `Authorization: <auth>` when given. */
  post: (path: string, body: object, auth?: string) => request.Test;
  user: (email?: string, password?: string) => Promise<Account>;
  login: (email: string, password?: string) => Promise<Account>;
  admin: () => Promise<Account>;
  close: (options?: { keepFiles?: boolean }) => Promise<void>;
}

/**
 * Boots the real AppModule in-process on a temporary SQLite file (or `dir` to reuse one, e.g. for a restart),
 * with the bootstrap admin configured. Extra env entries override the defaults.
 */
export async function startApp(env: Record<string, string> = {}, dir?: string, options: CreateAppOptions = {}): Promise<TestApp> {
  const workDir = dir ?? mkdtempSync(join(tmpdir(), 'gatehouse-test-'));
  // Under npm run test:services the same tests run on a fresh PostgreSQL database and a Redis key prefix of their own.
  const serviceEnv: Record<string, string> = {};
  if (services.postgres && !env.DATABASE_URL) serviceEnv.DATABASE_URL = await testDatabaseUrl(workDir);
  if (services.redisUrl) {
    if (env.REDIS_URL === undefined) serviceEnv.REDIS_URL = services.redisUrl;
    serviceEnv.REDIS_KEY_PREFIX = testRedisPrefix(workDir);
  }
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: `sqlite:${join(workDir, 'gatehouse.sqlite')}`,
    JWT_KEYS_DIR: join(workDir, 'keys'),
    MAIL_OUTBOX_DIR: join(workDir, 'outbox'),
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    // Every test client shares 127.0.0.1, so the per-IP limit is lifted; test/security/rate-limit sets its own.
    AUTH_RATE_LIMIT: '10000/1m',
    ...serviceEnv,
    ...env,
  });
  // GATEHOUSE_TEST_LOG_ERRORS=1 shows the apps' own logs, e.g. the stack behind an unexpected 500.
  const app = await createApp(config, { ...(process.env.GATEHOUSE_TEST_LOG_ERRORS ? {} : { logger: false }), ...options });
  const http = () => request(app.getHttpServer());

  return {
    app,
    config,
    dir: workDir,
    http,
    post: (path, body, auth) => {
      const req = http().post(path);
      if (auth) void req.set('Authorization', auth);
      return req.send(body);
    },
    ...accounts(http),
    async close(options = {}) {
      await app.close();
      if (options.keepFiles || dir) return;
      if (serviceEnv.DATABASE_URL) await dropTestDatabase(workDir);
      if (serviceEnv.REDIS_URL) await deleteRedisKeys(serviceEnv.REDIS_URL, serviceEnv.REDIS_KEY_PREFIX);
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/** Decodes a JWT segment without verifying it (for assertions on what was issued). */
export function decodeSegment(token: string, index: 0 | 1): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[index], 'base64url').toString('utf8'));
}
