import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';

export class CurrentPasswordDto {
  @ApiProperty({ maxLength: 128 })
  @IsString()
  @MaxLength(128)
  currentPassword: string;
}

export class TotpCodeDto {
  @ApiProperty({ example: '123456' })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code: string;
}

export class DisableTotpDto extends CurrentPasswordDto {
  @ApiProperty({ example: '123456', description: 'A current TOTP code (or a recovery code)' })
  @IsString()
  @MaxLength(64)
  code: string;
}

export class TotpSetupResponseDto {
  @ApiProperty({ description: 'Base32 secret for manual entry; shown only here' }) secret: string;
  @ApiProperty({ example: 'otpauth://totp/Gatehouse:ada%40example.com?issuer=Gatehouse&secret=…' }) otpauthUrl: string;
}

export class RecoveryCodesResponseDto {
  @ApiProperty({ type: [String], description: '10 single-use codes, shown only now' }) recoveryCodes: string[];
}

export class MfaChallengeResponseDto {
  @ApiProperty({ enum: [true] }) mfaRequired: true;
  @ApiProperty({ description: 'Single use, 5 minutes; send it to POST /auth/login/mfa' }) mfaToken: string;
  @ApiProperty({ enum: ['totp', 'recovery_code', 'webauthn'], isArray: true }) methods: string[];
}
