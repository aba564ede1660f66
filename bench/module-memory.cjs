// What each large dependency costs to load, then the whole app created and listening: RSS and V8 heap after a full
// GC at each step. Run with the server's flags to see what they change, e.g.
//   node --expose-gc bench/module-memory.cjs
//   MALLOC_ARENA_MAX=2 node --expose-gc --max-semi-space-size=4 bench/module-memory.cjs
// (CommonJS, so that each require is measured on its own.)
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { randomBytes } = require('node:crypto');

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-module-memory-'));
Object.assign(process.env, {
  NODE_ENV: 'production',
  DATABASE_URL: `sqlite:${join(dir, 'gatehouse.sqlite')}`,
  JWT_KEYS_DIR: join(dir, 'keys'),
  LOG_LEVEL: 'warn',
  // Production requires both; the mail queue never sends here.
  SMTP_URL: 'smtp://127.0.0.1:1',
  DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64url'),
});
const mib = (bytes) => Math.round((bytes / 1048576) * 10) / 10;
let last = 0;
function show(label) {
  global.gc?.();
  const m = process.memoryUsage();
  console.log(
    `${label.padEnd(28)} rss ${String(mib(m.rss)).padStart(6)} (+${mib(m.rss - last)})  heapUsed ${mib(m.heapUsed)}  heapTotal ${mib(m.heapTotal)}  external ${mib(m.external)}`,
  );
  last = m.rss;
}

show('node itself');
require('reflect-metadata');
for (const name of [
  '@nestjs/core',
  '@nestjs/platform-fastify',
  'typeorm',
  'sqlite3',
  '@nestjs/swagger',
  'class-validator',
  'nestjs-pino',
  'jose',
  '@node-rs/argon2',
  'passport-jwt',
  '@nestjs/terminus',
  '@nestjs/throttler',
  'otpauth',
  'prom-client',
]) {
  require(name);
  show(name);
}
(async () => {
  const { createApp } = require('../dist/src/app.setup.js');
  const { loadConfigFromProcessEnv } = require('../dist/src/config/index.js');
  show("the app's own modules");
  const app = await createApp(loadConfigFromProcessEnv(), { logger: false });
  show('app created');
  await app.listen({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => setTimeout(resolve, 2000));
  show('listening, 2 s later');
  // Loaded only on first use (REDIS_URL set, the first mail, the first passkey ceremony; pg with a postgres
  // DATABASE_URL, by TypeORM): what each adds then.
  for (const name of ['ioredis', 'nodemailer', '@simplewebauthn/server', 'pg']) {
    require(name);
    show(`on first use: ${name}`);
  }
  await app.close();
  rmSync(dir, { recursive: true, force: true });
})();
