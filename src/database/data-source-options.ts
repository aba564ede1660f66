import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/configuration.js';
import { Article } from '../articles/entities/article.entity.js';
import { RefreshToken } from '../auth/sessions/refresh-token.entity.js';
import { RevokedSession } from '../auth/revocation/revoked-session.entity.js';
import { Session } from '../auth/sessions/session.entity.js';
import { User } from '../users/entities/user.entity.js';
import { InitialSchema1764403200000 } from './migrations/1764403200000-InitialSchema.js';
import { RevocationLifetimes1764979200000 } from './migrations/1764979200000-RevocationLifetimes.js';

export const ENTITIES = [User, Session, RefreshToken, RevokedSession, Article];
export const MIGRATIONS = [InitialSchema1764403200000, RevocationLifetimes1764979200000];

/** The one description of the database, shared by the app (TypeOrmModule) and the migration CLI (ormconfig.ts). */
export function buildDataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: !db.synchronize,
    synchronize: db.synchronize,
    logging: false,
  } as const;
  if (db.type === 'sqlite') {
    if (db.url !== ':memory:') mkdirSync(dirname(db.url), { recursive: true });
    // WAL lets readers run beside the writer; busy_timeout makes a second writer wait instead of failing with SQLITE_BUSY.
    return { type: 'sqlite', database: db.url, enableWAL: true, busyTimeout: 5000, ...common };
  }
  return {
    type: 'postgres',
    url: db.url,
    poolSize: db.poolSize,
    connectTimeoutMS: db.connectTimeoutMs,
    extra: {
      statement_timeout: db.statementTimeoutMs,
      query_timeout: db.statementTimeoutMs + 1000,
      connectionTimeoutMillis: db.connectTimeoutMs,
    },
    ...common,
  };
}
