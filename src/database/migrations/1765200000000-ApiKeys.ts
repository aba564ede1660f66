import { type MigrationInterface, type QueryRunner, Table, TableColumn, TableForeignKey, TableIndex } from 'typeorm';

/**
 * Machine clients (issue 16):
 * - `users.kind` ('person' | 'service'; every existing account is a person);
 * - `users.passwordHash` may be null: a service account has no password;
 * - `api_keys`: keys owned by a user, stored only as a SHA-256 hash.
 *
 * SQLite cannot drop a NOT NULL constraint in place, so there the builder rebuilds `users` (create, copy, drop,
 * rename). Dropping `users` with foreign keys on would cascade into sessions and articles; TypeORM turns them off
 * around migrations (SqliteQueryRunner.beforeMigration), and this migration refuses to run if they are still on.
 */
export class ApiKeys1765200000000 implements MigrationInterface {
  name = 'ApiKeys1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    const time = postgres ? 'timestamp' : 'datetime';
    const now = postgres ? 'now()' : "(datetime('now'))";

    if (postgres) {
      await queryRunner.query('ALTER TABLE users ALTER COLUMN "passwordHash" DROP NOT NULL');
    } else {
      await assertForeignKeysOff(queryRunner);
      // Rebuilt from the schema as it is now, not from the builder's cache of earlier migrations in this run.
      await queryRunner.getTable('users');
      const column = new TableColumn({ name: 'passwordHash', type: 'varchar', length: '255', isNullable: true });
      await queryRunner.changeColumn('users', 'passwordHash', column);
      const broken = (await queryRunner.query('PRAGMA foreign_key_check')) as unknown[];
      if (broken.length > 0) throw new Error(`users rebuild left ${broken.length} dangling foreign keys`);
    }
    // After the rebuild: the builder rebuilds from its cached view of the table, which a raw ALTER would not update.
    await queryRunner.query(`ALTER TABLE users ADD COLUMN kind varchar(16) NOT NULL DEFAULT 'person'`);

    await queryRunner.createTable(
      new Table({
        name: 'api_keys',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'userId', type: 'varchar', length: '36' },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'prefix', type: 'varchar', length: '16' },
          { name: 'keyHash', type: 'varchar', length: '64', isUnique: true },
          { name: 'roles', type: 'text' },
          { name: 'expiresAt', type: time, isNullable: true },
          { name: 'createdAt', type: time, default: now },
          { name: 'lastUsedAt', type: time, isNullable: true },
          { name: 'revokedAt', type: time, isNullable: true },
        ],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['userId'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }),
        ],
        indices: [new TableIndex({ columnNames: ['userId'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    await queryRunner.dropTable('api_keys');
    // Service accounts cannot exist without the column that says what they are, nor with a null password.
    await queryRunner.query(`DELETE FROM users WHERE kind = 'service'`);
    await queryRunner.query('ALTER TABLE users DROP COLUMN kind');
    // SQLite keeps the column nullable: a revert runs inside a transaction with foreign keys on, where a rebuild of
    // `users` would cascade into every session and article; the older code never writes a null there anyway.
    if (postgres) await queryRunner.query('ALTER TABLE users ALTER COLUMN "passwordHash" SET NOT NULL');
  }
}

/** A rebuild of `users` with foreign keys on would delete every session and article through ON DELETE CASCADE. */
async function assertForeignKeysOff(queryRunner: QueryRunner): Promise<void> {
  const [state] = (await queryRunner.query('PRAGMA foreign_keys')) as { foreign_keys: number }[];
  if (state?.foreign_keys) throw new Error('refusing to rebuild users with SQLite foreign keys on (they would cascade)');
}
