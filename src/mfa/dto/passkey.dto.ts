import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { IsPrintableText } from '../../common/index.js';
import { IsEmailAddress } from '../../users/index.js';
import type { Passkey } from '../entities/passkey.entity.js';

export class RegisterPasskeyDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The PublicKeyCredential as JSON (RegistrationResponseJSON)' })
  @IsObject()
  response: Record<string, unknown>;

  @ApiPropertyOptional({ maxLength: 100, example: 'Laptop' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @IsPrintableText()
  name?: string;
}

export class PasskeyAuthenticationOptionsDto {
  @ApiPropertyOptional({ description: 'Only a passkey of this account may answer; the options look the same either way' })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  @IsEmailAddress()
  email?: string;

  @ApiPropertyOptional({ description: "Second step of a password login: the options list that account's passkeys" })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  mfaToken?: string;
}

export class PasskeyResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastUsedAt: string | null;

  static from(p: Passkey): PasskeyResponseDto {
    return { id: p.id, name: p.name, createdAt: p.createdAt.toISOString(), lastUsedAt: p.lastUsedAt?.toISOString() ?? null };
  }
}
