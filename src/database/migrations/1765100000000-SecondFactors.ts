import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';

/**
 * Second factors (issue 15): TOTP secrets (AES-256-GCM ciphertext only), recovery code hashes, passkeys, the
 * single-use WebAuthn and MFA login challenges (in the database so that any instance can finish what another began),
 * `users.mfaEnabled`, and `sessions.amr` / `sessions.authTime` so that a refresh keeps how the session was opened.
 */
export class SecondFactors1765100000000 implements MigrationInterface {
  name = 'SecondFactors1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    const time = postgres ? 'timestamp' : 'datetime';
    const now = postgres ? 'now()' : "(datetime('now'))";
    const id = { name: 'id', type: 'varchar', length: '36', isPrimary: true };
    const userId = { name: 'userId', type: 'varchar', length: '36' };
    const createdAt = { name: 'createdAt', type: time, default: now };
    const ownedByUser = () =>
      new TableForeignKey({ columnNames: ['userId'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' });

    // Plain ALTER TABLE ADD COLUMN on both: SQLite's schema builder would rebuild `users` and `sessions`, whose rows
    // others reference by foreign key.
    await queryRunner.query(`ALTER TABLE users ADD COLUMN "mfaEnabled" boolean NOT NULL DEFAULT ${postgres ? 'false' : '0'}`);
    await queryRunner.query('ALTER TABLE sessions ADD COLUMN "amr" varchar(64)');
    await queryRunner.query(`ALTER TABLE sessions ADD COLUMN "authTime" ${time}`);

    await queryRunner.createTable(
      new Table({
        name: 'totp_factors',
        columns: [
          { ...userId, isPrimary: true },
          { name: 'secret', type: 'varchar', length: '255' },
          { name: 'confirmedAt', type: time, isNullable: true },
          { name: 'lastUsedStep', type: 'integer', isNullable: true },
          createdAt,
        ],
        foreignKeys: [ownedByUser()],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'recovery_codes',
        columns: [
          id,
          userId,
          { name: 'codeHash', type: 'varchar', length: '64', isUnique: true },
          { name: 'usedAt', type: time, isNullable: true },
          createdAt,
        ],
        foreignKeys: [ownedByUser()],
        indices: [new TableIndex({ columnNames: ['userId'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'passkeys',
        columns: [
          id,
          userId,
          { name: 'credentialId', type: 'varchar', length: '512', isUnique: true },
          { name: 'publicKey', type: 'text' },
          { name: 'counter', type: 'bigint', default: 0 },
          { name: 'deviceType', type: 'varchar', length: '16' },
          { name: 'backedUp', type: 'boolean', default: false },
          { name: 'transports', type: 'varchar', length: '255', isNullable: true },
          { name: 'name', type: 'varchar', length: '100' },
          createdAt,
          { name: 'lastUsedAt', type: time, isNullable: true },
        ],
        foreignKeys: [ownedByUser()],
        indices: [new TableIndex({ columnNames: ['userId'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'webauthn_challenges',
        columns: [
          id,
          { name: 'challenge', type: 'varchar', length: '128' },
          { name: 'purpose', type: 'varchar', length: '16' },
          { ...userId, isNullable: true },
          { name: 'expiresAt', type: time },
        ],
        indices: [new TableIndex({ columnNames: ['expiresAt'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'mfa_login_challenges',
        columns: [
          id,
          userId,
          { name: 'tokenHash', type: 'varchar', length: '64', isUnique: true },
          { name: 'expiresAt', type: time },
          { name: 'usedAt', type: time, isNullable: true },
          createdAt,
        ],
        foreignKeys: [ownedByUser()],
        indices: [new TableIndex({ columnNames: ['userId'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['mfa_login_challenges', 'webauthn_challenges', 'passkeys', 'recovery_codes', 'totp_factors']) {
      await queryRunner.dropTable(table);
    }
    // Plain ALTER TABLE: on SQLite the builder's dropColumn rebuilds the table, and rebuilding `users` or `sessions`
    // with foreign keys on would cascade into their dependants (see RevocationLifetimes).
    await queryRunner.query('ALTER TABLE sessions DROP COLUMN "authTime"');
    await queryRunner.query('ALTER TABLE sessions DROP COLUMN "amr"');
    await queryRunner.query('ALTER TABLE users DROP COLUMN "mfaEnabled"');
  }
}
