import { type MigrationInterface, type QueryRunner, Table, TableColumn, TableForeignKey, TableIndex } from 'typeorm';

/**
 * E-mail ownership (issue 14): `users.emailVerified`, and `recovery_tokens`, the single-use links of the password
 * reset, e-mail verification and e-mail change flows, stored only as SHA-256 hashes. Accounts that exist before this
 * migration count as verified: nothing asked them to prove their address, and locking them out of a
 * REQUIRE_VERIFIED_EMAIL deployment would punish them for it.
 */
export class EmailOwnership1765000000000 implements MigrationInterface {
  name = 'EmailOwnership1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    const time = postgres ? 'timestamp' : 'datetime';

    await queryRunner.addColumn('users', new TableColumn({ name: 'emailVerified', type: 'boolean', default: false }));
    await queryRunner.query(`UPDATE users SET "emailVerified" = ${postgres ? 'true' : '1'}`);

    await queryRunner.createTable(
      new Table({
        name: 'recovery_tokens',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'userId', type: 'varchar', length: '36' },
          { name: 'purpose', type: 'varchar', length: '32' },
          { name: 'tokenHash', type: 'varchar', length: '64', isUnique: true },
          // The address the link was sent to: a link dies when the account's address is no longer this one.
          { name: 'email', type: 'varchar', length: '254' },
          { name: 'sessionId', type: 'varchar', length: '36', isNullable: true },
          { name: 'requestIp', type: 'varchar', length: '64', isNullable: true },
          { name: 'createdAt', type: time },
          { name: 'expiresAt', type: time },
          { name: 'usedAt', type: time, isNullable: true },
        ],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['userId'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }),
        ],
        indices: [new TableIndex({ columnNames: ['userId', 'purpose', 'createdAt'] }), new TableIndex({ columnNames: ['requestIp', 'createdAt'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('recovery_tokens');
    // Plain ALTER TABLE: the builder's dropColumn rebuilds `users` on SQLite, and the cascade would empty `sessions`.
    await queryRunner.query('ALTER TABLE users DROP COLUMN "emailVerified"');
  }
}
