import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';

export class UpdateStatusDto {
  @ApiProperty({ description: 'true disables the account and revokes every session at once' })
  @IsBoolean()
  disabled: boolean;
}
