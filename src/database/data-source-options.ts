import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/index.js';
import { ApiKey } from '../api-keys/index.js';
import { Article } from '../articles/index.js';
import { AuditChainHead, AuditEvent } from '../audit/index.js';
import { RefreshToken, RevokedSession, Session } from '../sessions/index.js';
import { User } from '../users/index.js';
import { MfaLoginChallenge, Passkey, RecoveryCode, TotpFactor, WebAuthnChallenge } from '../mfa/index.js';
import { SecondFactors1765100000000 } from './migrations/1765100000000-SecondFactors.js';
import { InitialSchema1764403200000 } from './migrations/1764403200000-InitialSchema.js';
import { prepareSqliteFile } from './sqlite-file.js';
import { RevocationLifetimes1764979200000 } from './migrations/1764979200000-RevocationLifetimes.js';
import { ApiKeys1765200000000 } from './migrations/1765200000000-ApiKeys.js';
import { EmailOwnership1765000000000 } from './migrations/1765000000000-EmailOwnership.js';
import { RecoveryToken } from '../recovery/index.js';
import { AuditTrail1765300000000 } from './migrations/1765300000000-AuditTrail.js';

const ENTITIES = [
  User,
  Session,
  RefreshToken,
  RevokedSession,
  Article,
  RecoveryToken,
  TotpFactor,
  RecoveryCode,
  Passkey,
  WebAuthnChallenge,
  MfaLoginChallenge,
  ApiKey,
  AuditEvent,
  AuditChainHead,
];
const MIGRATIONS = [
  InitialSchema1764403200000,
  RevocationLifetimes1764979200000,
  EmailOwnership1765000000000,
  SecondFactors1765100000000,
  ApiKeys1765200000000,
  AuditTrail1765300000000,
];

/**
 * TypeORM loads sqlite3 through `verbose()`, which wraps every call of the driver to capture a stack trace and
 * `util.inspect` the SQL and its parameters, on every statement: about a tenth of a two-step login's CPU here. It
 * also writes those parameters (password and token hashes among them) into the stack of the driver's errors, which
 * TypeORM keeps as `driverError` on the error it throws. TypeORM takes the driver from `driver.verbose()`; this one
 * hands back sqlite3 as it is. Loaded on first use, so a PostgreSQL deployment never loads sqlite3.
 */
const SQLITE_WITHOUT_TRACE = {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazily, see above
  verbose: (): unknown => require('sqlite3'),
};

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
    if (db.url !== ':memory:') prepareSqliteFile(db.url);
    // WAL lets readers run beside the writer; busy_timeout makes a second writer wait instead of failing with SQLITE_BUSY.
    return { type: 'sqlite', database: db.url, enableWAL: true, busyTimeout: 5000, driver: SQLITE_WITHOUT_TRACE, ...common };
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
