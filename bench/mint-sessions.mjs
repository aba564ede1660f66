// Mints many access tokens with real sessions, the way POST /auth/login issues them, minus the argon2 check that
// makes a login cost ~70 ms: the compiled app's own services in an application context (no HTTP) on the server's
// SQLite file and key folder. Users are created by UsersService with one precomputed password hash, sessions by
// SessionsService.create (refresh token, MAX_SESSIONS_PER_USER trimming), then the expiry is recorded on the session
// and AccessTokenService signs, as AuthService.tokenResponse does. So every token names a live session that
// revocation applies to. The context's connection runs with `PRAGMA synchronous = OFF` (no fsync per commit), which is
// what makes 20,000 sessions take seconds rather than minutes; no transaction around the lot, since UsersService.create
// opens its own (the account and its audit row commit together) and SQLite does not nest them.
//
// Sessions are created once and copied (the SQLite file) for each algorithm; only the signing runs per algorithm.
// Run as a child process with the server's environment: node bench/mint-sessions.mjs create|sign ...
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';

const require = createRequire(import.meta.url);
require('reflect-metadata');
const { NestFactory } = require('@nestjs/core');
const { DataSource } = require('typeorm');
const { AppModule } = require('../dist/src/app.module.js');
const { loadConfigFromProcessEnv } = require('../dist/src/config/index.js');
const { PasswordHasherService } = require('../dist/src/auth/index.js');
const { UsersService } = require('../dist/src/users/index.js');
const { SessionsService } = require('../dist/src/sessions/index.js');
const { AccessTokenService } = require('../dist/src/tokens/index.js');

async function withContext(work) {
  const config = loadConfigFromProcessEnv();
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, { level: 'silent' }), { logger: false });
  const db = app.get(DataSource);
  try {
    // The bench's own connection: no fsync per commit.
    await db.query('PRAGMA synchronous = OFF');
    return await work(app, config);
  } finally {
    await app.close();
  }
}

/** Users (MAX_SESSIONS_PER_USER sessions each) and their sessions; returns who holds which session. */
export function createSessions(count) {
  return withContext(async (app, config) => {
    const users = app.get(UsersService);
    const sessions = app.get(SessionsService);
    const passwordHash = await app.get(PasswordHasherService).hash('benchmark password 1');
    const created = [];
    for (let u = 0; created.length < count; u++) {
      const user = await users.create({ email: `bench-${u}-${randomUUID().slice(0, 8)}@example.com`, passwordHash });
      for (let s = 0; s < config.security.maxSessionsPerUser && created.length < count; s++) {
        const { session } = await sessions.create(user.id, { ip: '127.0.0.1', userAgent: 'gatehouse-bench' });
        created.push({ userId: user.id, sid: session.id, roles: user.roles });
      }
    }
    return created;
  });
}

/** One access token per session, signed with this environment's algorithm and key, as AuthService.tokenResponse does. */
export function signTokens(held) {
  return withContext(async (app) => {
    const sessions = app.get(SessionsService);
    const accessTokens = app.get(AccessTokenService);
    const tokens = [];
    for (const { userId, sid, roles } of held) {
      const times = accessTokens.nextTimes();
      if (!(await sessions.recordAccessExpiry(sid, new Date(times.exp * 1000)))) throw new Error(`session ${sid} is not live`);
      tokens.push((await accessTokens.issue(userId, sid, roles, times)).token);
    }
    return tokens;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [command, arg, out] = process.argv.slice(2);
  const started = Date.now();
  if (command === 'create') {
    writeFileSync(out, JSON.stringify(await createSessions(Number(arg))));
  } else if (command === 'sign') {
    writeFileSync(out, (await signTokens(JSON.parse(readFileSync(arg, 'utf8')))).join('\n') + '\n');
  } else {
    throw new Error('usage: mint-sessions.mjs create <count> <out.json> | sign <sessions.json> <out.txt>');
  }
  console.error(`${command}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
