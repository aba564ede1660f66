import { bool, ConfigError, type Env, int } from './env-values.js';

export interface DatabaseConfig {
  type: 'sqlite' | 'postgres';
  /** File path for sqlite, connection URL for postgres. */
  url: string;
  poolSize: number;
  statementTimeoutMs: number;
  connectTimeoutMs: number;
  /** Only for tests and local experiments; production refuses it. */
  synchronize: boolean;
}

export function parseDatabase(env: Env, production: boolean): DatabaseConfig {
  const raw = env.DATABASE_URL || 'sqlite:data/gatehouse.sqlite';
  const common = {
    poolSize: int(env, 'DB_POOL_SIZE', 10, 1, 500),
    statementTimeoutMs: int(env, 'DB_STATEMENT_TIMEOUT_MS', 5000, 100, 600000),
    connectTimeoutMs: int(env, 'DB_CONNECT_TIMEOUT_MS', 3000, 100, 600000),
    synchronize: bool(env, 'DB_SYNCHRONIZE', false),
  };
  if (production && common.synchronize) {
    throw new ConfigError('DB_SYNCHRONIZE=true is refused in production: schema changes go through migrations');
  }
  if (raw.startsWith('sqlite:')) {
    const path = raw.slice('sqlite:'.length);
    if (!path) throw new ConfigError('DATABASE_URL sqlite: needs a file path, e.g. sqlite:data/gatehouse.sqlite');
    return { type: 'sqlite', url: path, ...common };
  }
  if (/^postgres(ql)?:\/\//.test(raw)) return { type: 'postgres', url: raw, ...common };
  throw new ConfigError('DATABASE_URL must start with sqlite: or postgres://');
}

export function parseRedisUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  if (!/^rediss?:\/\/\S+$/.test(raw)) throw new ConfigError('REDIS_URL must look like redis://host:6379 or rediss://...');
  return raw;
}

/** The one default of REDIS_KEY_PREFIX (API.md's configuration table). */
const DEFAULT_REDIS_KEY_PREFIX = 'gatehouse:';

export function parseRedisKeyPrefix(raw: string | undefined): string {
  const prefix = raw ?? DEFAULT_REDIS_KEY_PREFIX;
  if (!/^[A-Za-z0-9:_.-]{0,64}$/.test(prefix)) {
    throw new ConfigError('REDIS_KEY_PREFIX may hold up to 64 letters, digits and : _ . -');
  }
  return prefix;
}
