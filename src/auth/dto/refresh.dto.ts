import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class RefreshDto {
  @ApiProperty({ description: 'The opaque refresh token from login or the last refresh' })
  @IsString()
  @Length(1, 512)
  refreshToken: string;
}
