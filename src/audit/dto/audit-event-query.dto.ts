import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/index.js';

export class AuditEventQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Event type, e.g. `login.failed`', example: 'user.roles_changed', maxLength: 64 })
  @IsOptional()
  @MaxLength(64)
  @Matches(/^[a-z0-9_.-]+$/, { message: 'type must be an event type such as login.failed' })
  type?: string;

  @ApiPropertyOptional({ description: 'A user id, `operator-cli` or `system`', maxLength: 64 })
  @IsOptional()
  @MaxLength(64)
  @Matches(/^[a-z0-9-]+$/, { message: 'actorId must be a user id, operator-cli or system' })
  actorId?: string;

  @ApiPropertyOptional({ description: 'The user the event is about', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  subjectId?: string;

  @ApiPropertyOptional({ description: 'Events at or after this time (ISO-8601)', example: '2026-01-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Events before this time (ISO-8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}
