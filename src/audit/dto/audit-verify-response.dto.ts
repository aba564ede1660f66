import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class AuditVerifyResponseDto {
  @ApiProperty({ description: 'The whole chain, from the pruning checkpoint to the head, recomputes' })
  ok: boolean;

  @ApiProperty({ description: 'Rows checked' })
  events: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'The first row that does not follow from the rows before it' })
  firstBrokenId?: string;

  @ApiPropertyOptional({ description: 'Its place in the chain' })
  firstBrokenSeq?: number;

  @ApiPropertyOptional({ description: 'Why the chain is broken there' })
  reason?: string;
}
