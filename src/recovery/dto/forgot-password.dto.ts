import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IsPrintableText } from '../../common/index.js';

export class ForgotPasswordDto {
  // Any printable string, as for login: a stricter rule here would tell which strings could be accounts.
  @ApiProperty({ example: 'ada@example.com', maxLength: 254 })
  @IsString()
  @Length(1, 254)
  @IsPrintableText()
  email: string;
}
