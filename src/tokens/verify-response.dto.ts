import { ApiProperty } from '@nestjs/swagger';
import { Role } from '../authorization/index.js';

export class VerifyResponseDto {
  @ApiProperty({ format: 'uuid' }) sub: string;
  @ApiProperty({ enum: Role, isArray: true }) roles: Role[];
  @ApiProperty({ format: 'uuid', description: "the session id; for an API key, the key's id" }) sid: string;
  @ApiProperty({ description: 'expiry, seconds since the epoch; null for an API key without expiry', nullable: true, type: Number }) exp:
    number | null;
}
