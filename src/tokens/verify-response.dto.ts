import { ApiProperty } from '@nestjs/swagger';
import { Role } from '../authorization/index.js';

export class VerifyResponseDto {
  @ApiProperty({ format: 'uuid' }) sub: string;
  @ApiProperty({ enum: Role, isArray: true }) roles: Role[];
  @ApiProperty({ format: 'uuid' }) sid: string;
  @ApiProperty({ description: 'expiry, seconds since the epoch' }) exp: number;
}
