import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { PasskeyAssertionDto } from './passkey-assertion.dto.js';

/** The second step of a login: the `mfaToken` of the password step and exactly one factor. */
export class CompleteMfaLoginDto {
  @ApiProperty({ description: 'From the answer of POST /auth/login' })
  @IsString()
  @Length(1, 128)
  mfaToken: string;

  @ApiPropertyOptional({ example: '123456', description: 'The current code of the authenticator app' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code?: string;

  @ApiPropertyOptional({ description: 'One of the recovery codes (dashes and case ignored); each works once' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  recoveryCode?: string;

  @ApiPropertyOptional({ type: PasskeyAssertionDto, description: 'A passkey of this account as the second factor' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PasskeyAssertionDto)
  passkey?: PasskeyAssertionDto;
}
