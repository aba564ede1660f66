import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { parseDurationSeconds } from './duration.js';
import { bool, ConfigError, duration, type Env, int } from './env-values.js';

export interface SecurityConfig {
  loginMaxFailures: number;
  loginWindowSeconds: number;
  loginLockSeconds: number;
  /** Failures on one account from clients it has never logged in from, before those clients are locked out. */
  loginAccountMaxFailures: number;
  /** How long a client (IP) stays known to an account after a successful login from it. */
  loginKnownClientSeconds: number;
  /** Bounds of the argon2 wait queue: beyond them a credential request answers 503 at once. */
  passwordHashMaxQueue: number;
  passwordHashMaxWaitMs: number;
  /** argon2 hashes computed at once, each holding 19 MiB while it runs. */
  passwordHashConcurrency: number;
  authRateLimit: { limit: number; windowSeconds: number };
  corsOrigins: string[];
  cookies: boolean;
  revocationFailOpen: boolean;
  /** Fastify's trustProxy: which hops may set X-Forwarded-For (and so the client IP that rate limits count). */
  trustProxy: boolean | string[];
  /** Live sessions per user; a login beyond it revokes the oldest, so stolen or forgotten sessions cannot pile up. */
  maxSessionsPerUser: number;
}

function parseRateLimit(raw: string): { limit: number; windowSeconds: number } {
  const [count, window] = raw.split('/');
  const limit = Number(count);
  const windowSeconds = window ? parseDurationSeconds(window) : undefined;
  if (!Number.isInteger(limit) || limit < 1 || windowSeconds === undefined) {
    throw new ConfigError(`AUTH_RATE_LIMIT must look like 100/1m, got "${raw}"`);
  }
  return { limit, windowSeconds };
}

// Off by default: trusting X-Forwarded-For from anyone would let a client pick its own IP and dodge the rate limit.
// Names proxy-addr (under Fastify) understands for whole reserved ranges.
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function parseTrustProxy(raw: string | undefined): boolean | string[] {
  if (!raw || raw === 'false') return false;
  if (raw === 'true') return true;
  const entries = raw
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  for (const entry of entries) {
    if (PROXY_RANGE_NAMES.has(entry)) continue;
    const [address, prefix, extra] = entry.split('/');
    const family = isIP(address);
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32));
    if (!family || !prefixOk || extra !== undefined) {
      throw new ConfigError(
        `TRUST_PROXY must be true, false, or comma-separated proxy addresses, CIDRs or loopback/linklocal/uniquelocal; got "${entry}"`,
      );
    }
  }
  return entries;
}

function parseLoginLimits(env: Env) {
  const loginMaxFailures = int(env, 'LOGIN_MAX_FAILURES', 5, 1, 1000);
  // Per client the limit stays LOGIN_MAX_FAILURES; the whole account tolerates many more, so that one stranger
  // (one address) can never reach it and locking out the owner's new devices takes many addresses.
  const loginAccountMaxFailures = int(env, 'LOGIN_ACCOUNT_MAX_FAILURES', loginMaxFailures * 10, 1, 100000);
  if (loginAccountMaxFailures < loginMaxFailures) {
    throw new ConfigError('LOGIN_ACCOUNT_MAX_FAILURES must not be lower than LOGIN_MAX_FAILURES');
  }
  return {
    loginMaxFailures,
    loginWindowSeconds: duration(env, 'LOGIN_WINDOW', '15m'),
    loginLockSeconds: duration(env, 'LOGIN_LOCK', '15m'),
    loginAccountMaxFailures,
    loginKnownClientSeconds: duration(env, 'LOGIN_KNOWN_CLIENT_TTL', '30d'),
  };
}

const LIBUV_DEFAULT_POOL = 4;

/**
 * One hash per core but one: the event loop, which answers every token check, keeps a core of its own through a login
 * storm, and each hash not running at once is 19 MiB not resident (docs/performance.md, "The peak"). Below libuv's
 * pool size too: the hashes run on that pool, and SQLite's queries need a thread of it while they run.
 */
export function defaultPasswordHashConcurrency(threadPoolSize = LIBUV_DEFAULT_POOL): number {
  return Math.max(1, Math.min(availableParallelism() - 1, threadPoolSize - 1));
}

function parsePasswordHashConcurrency(env: Env): number {
  const pool = int(env, 'UV_THREADPOOL_SIZE', LIBUV_DEFAULT_POOL, 1, 1024);
  const concurrency = int(env, 'PASSWORD_HASH_CONCURRENCY', defaultPasswordHashConcurrency(pool), 1, 1024);
  if (concurrency >= pool) {
    throw new ConfigError(
      `PASSWORD_HASH_CONCURRENCY (${concurrency}) must be below UV_THREADPOOL_SIZE (${pool}): hashes on every thread of libuv's pool would stall every database query behind them`,
    );
  }
  return concurrency;
}

export function parseSecurity(env: Env): SecurityConfig {
  return {
    ...parseLoginLimits(env),
    passwordHashMaxQueue: int(env, 'PASSWORD_HASH_MAX_QUEUE', 100, 0, 100000),
    passwordHashMaxWaitMs: int(env, 'PASSWORD_HASH_MAX_WAIT_MS', 3000, 10, 60000),
    passwordHashConcurrency: parsePasswordHashConcurrency(env),
    authRateLimit: parseRateLimit(env.AUTH_RATE_LIMIT || '100/1m'),
    corsOrigins: (env.CORS_ORIGINS || '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    cookies: bool(env, 'AUTH_COOKIES', false),
    revocationFailOpen: bool(env, 'REVOCATION_FAIL_OPEN', false),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    maxSessionsPerUser: int(env, 'MAX_SESSIONS_PER_USER', 100, 1, 10_000),
  };
}
