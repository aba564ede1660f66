import { type MigrationInterface, type QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

/**
 * Revocations that outlive every token of their session (issue 12, items 1 and 4):
 * - `sessions.accessExpiresAt`: the latest `exp` ever signed for the session, written before the token exists, so a
 *   revocation lasts as long as that token whatever ACCESS_TOKEN_TTL says later;
 * - `session_revocations` replaces `revoked_sessions`: an append-only log with an increasing `seq`, so that the
 *   database store's poll reads new rows by insertion order instead of guessing them from their expiry.
 */
export class RevocationLifetimes1764979200000 implements MigrationInterface {
  name = 'RevocationLifetimes1764979200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    const time = postgres ? 'timestamp' : 'datetime';

    await queryRunner.addColumn('sessions', new TableColumn({ name: 'accessExpiresAt', type: time, isNullable: true }));

    await queryRunner.createTable(
      new Table({
        name: 'session_revocations',
        columns: [
          { name: 'seq', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'sid', type: 'varchar', length: '36' },
          { name: 'expiresAt', type: time },
        ],
        indices: [new TableIndex({ columnNames: ['expiresAt'] })],
      }),
    );
    await queryRunner.query('INSERT INTO session_revocations (sid, "expiresAt") SELECT sid, "expiresAt" FROM revoked_sessions');
    await queryRunner.dropTable('revoked_sessions');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    const time = postgres ? 'timestamp' : 'datetime';
    await queryRunner.createTable(
      new Table({
        name: 'revoked_sessions',
        columns: [
          { name: 'sid', type: 'varchar', length: '36', isPrimary: true },
          { name: 'expiresAt', type: time },
        ],
        indices: [new TableIndex({ columnNames: ['expiresAt'] })],
      }),
    );
    await queryRunner.query('INSERT INTO revoked_sessions (sid, "expiresAt") SELECT sid, MAX("expiresAt") FROM session_revocations GROUP BY sid');
    await queryRunner.dropTable('session_revocations');
    // Plain ALTER TABLE (the same on both): on SQLite the builder's dropColumn rebuilds `sessions`, and a revert runs
    // with foreign keys on, so dropping the old table cascades into refresh_tokens and logs every user out.
    await queryRunner.query('ALTER TABLE sessions DROP COLUMN "accessExpiresAt"');
  }
}
