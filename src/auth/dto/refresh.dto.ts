import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

export class RefreshDto {
  @ApiPropertyOptional({
    description: 'The opaque refresh token from login or the last refresh; required unless cookie mode sends the refresh cookie',
  })
  @IsOptional()
  @IsString()
  @Length(1, 512)
  refreshToken?: string;
}
