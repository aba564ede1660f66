import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * The tamper-evident audit trail (issue 17): `audit_events`, one row per security event, hash-chained in `seq` order,
 * with indexes for the filters of GET /audit-events and GET /auth/activity; `audit_chain`, the one head row every
 * append locks (so appends from several instances form one chain) that also keeps the checkpoint of pruning.
 */
export class AuditTrail1765300000000 implements MigrationInterface {
  name = 'AuditTrail1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'audit_events',
        columns: [
          { name: 'seq', type: 'bigint', isPrimary: true },
          { name: 'id', type: 'varchar', length: '36' },
          { name: 'at', type: 'bigint' },
          { name: 'type', type: 'varchar', length: '64' },
          { name: 'actorType', type: 'varchar', length: '16' },
          { name: 'actorId', type: 'varchar', length: '64', isNullable: true },
          { name: 'subjectId', type: 'varchar', length: '36', isNullable: true },
          { name: 'sessionId', type: 'varchar', length: '36', isNullable: true },
          { name: 'ip', type: 'varchar', length: '64', isNullable: true },
          { name: 'userAgent', type: 'varchar', length: '256', isNullable: true },
          { name: 'outcome', type: 'varchar', length: '16' },
          { name: 'details', type: 'text' },
          { name: 'hash', type: 'varchar', length: '64' },
        ],
        indices: [
          new TableIndex({ columnNames: ['id'], isUnique: true }),
          new TableIndex({ columnNames: ['at'] }),
          new TableIndex({ columnNames: ['type', 'at'] }),
          new TableIndex({ columnNames: ['actorId', 'at'] }),
          new TableIndex({ columnNames: ['subjectId', 'at'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'audit_chain',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true },
          { name: 'lastSeq', type: 'bigint' },
          { name: 'lastHash', type: 'varchar', length: '64' },
          { name: 'prunedThroughSeq', type: 'bigint' },
          { name: 'prunedHash', type: 'varchar', length: '64' },
        ],
      }),
    );
    const genesis = '0'.repeat(64);
    await queryRunner.query(
      `INSERT INTO audit_chain (id, "lastSeq", "lastHash", "prunedThroughSeq", "prunedHash") VALUES (1, 0, '${genesis}', 0, '${genesis}')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('audit_chain');
    await queryRunner.dropTable('audit_events');
  }
}
