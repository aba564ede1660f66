import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class ResetPasswordDto {
  @ApiProperty({ description: 'The token of the reset link', maxLength: 256 })
  @IsString()
  @Length(1, 256)
  token: string;

  @ApiProperty({ minLength: 8, maxLength: 128, description: 'The same rules as at registration' })
  @IsString()
  @Length(8, 128)
  newPassword: string;
}
