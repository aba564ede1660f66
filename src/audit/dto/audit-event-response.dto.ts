import { ApiProperty } from '@nestjs/swagger';
import type { AuditEvent } from '../audit-event.entity.js';

export class AuditEventResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'When it happened (ISO-8601, milliseconds)' })
  at: string;

  @ApiProperty({ example: 'login.succeeded' })
  type: string;

  @ApiProperty({ enum: ['user', 'service', 'operator-cli', 'system'] })
  actorType: string;

  @ApiProperty({ description: 'A user id, `operator-cli` or `system`', nullable: true, type: String })
  actorId: string | null;

  @ApiProperty({ description: 'The user the event is about', nullable: true, type: String })
  subjectId: string | null;

  @ApiProperty({ nullable: true, type: String })
  sessionId: string | null;

  @ApiProperty({ nullable: true, type: String })
  ip: string | null;

  @ApiProperty({ nullable: true, type: String })
  userAgent: string | null;

  @ApiProperty({ enum: ['success', 'failure', 'refused'] })
  outcome: string;

  @ApiProperty({ description: 'Non-secret details of the event (ids, counts, roles)', type: 'object', additionalProperties: true })
  details: Record<string, unknown>;

  static from(row: AuditEvent): AuditEventResponseDto {
    return Object.assign(new AuditEventResponseDto(), {
      id: row.id,
      at: new Date(row.at).toISOString(),
      type: row.type,
      actorType: row.actorType,
      actorId: row.actorId,
      subjectId: row.subjectId,
      sessionId: row.sessionId,
      ip: row.ip,
      userAgent: row.userAgent,
      outcome: row.outcome,
      details: JSON.parse(row.details) as Record<string, unknown>,
    });
  }
}
