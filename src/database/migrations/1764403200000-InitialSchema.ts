import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';

/** Written with the schema builder so that one migration serves SQLite and PostgreSQL alike. */
export class InitialSchema1764403200000 implements MigrationInterface {
  name = 'InitialSchema1764403200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    const time = postgres ? 'timestamp' : 'datetime';
    const now = postgres ? 'now()' : "(datetime('now'))";
    const id = { name: 'id', type: 'varchar', length: '36', isPrimary: true };
    const createdAt = { name: 'createdAt', type: time, default: now };
    const updatedAt = { name: 'updatedAt', type: time, default: now };

    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          id,
          { name: 'email', type: 'varchar', length: '254', isUnique: true },
          { name: 'displayName', type: 'varchar', length: '100', isNullable: true },
          { name: 'passwordHash', type: 'varchar', length: '255' },
          { name: 'roles', type: 'text' },
          { name: 'disabled', type: 'boolean', default: false },
          createdAt,
          updatedAt,
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'sessions',
        columns: [
          id,
          { name: 'userId', type: 'varchar', length: '36' },
          createdAt,
          { name: 'lastUsedAt', type: time },
          { name: 'expiresAt', type: time },
          { name: 'revokedAt', type: time, isNullable: true },
          { name: 'userAgent', type: 'varchar', length: '256', isNullable: true },
          { name: 'ip', type: 'varchar', length: '64', isNullable: true },
        ],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['userId'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }),
        ],
        indices: [new TableIndex({ columnNames: ['userId'] })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'refresh_tokens',
        columns: [
          id,
          { name: 'sessionId', type: 'varchar', length: '36' },
          { name: 'tokenHash', type: 'varchar', length: '64', isUnique: true },
          createdAt,
          { name: 'usedAt', type: time, isNullable: true },
        ],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['sessionId'], referencedTableName: 'sessions', referencedColumnNames: ['id'], onDelete: 'CASCADE' }),
        ],
        indices: [new TableIndex({ columnNames: ['sessionId'] })],
      }),
    );

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

    await queryRunner.createTable(
      new Table({
        name: 'articles',
        columns: [
          id,
          { name: 'title', type: 'varchar', length: '200' },
          { name: 'body', type: 'text' },
          { name: 'authorId', type: 'varchar', length: '36' },
          { name: 'published', type: 'boolean', default: false },
          { name: 'publishedAt', type: time, isNullable: true },
          createdAt,
          updatedAt,
        ],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['authorId'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }),
        ],
        indices: [new TableIndex({ columnNames: ['authorId'] }), new TableIndex({ columnNames: ['published'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['articles', 'revoked_sessions', 'refresh_tokens', 'sessions', 'users']) {
      await queryRunner.dropTable(table);
    }
  }
}
