import { ApiProperty } from '@nestjs/swagger';
import { Role } from '../../authorization/index.js';
import type { IssuedApiKey } from '../api-keys.service.js';

/** The answer to a key's creation: the only time the key itself is shown. */
export class CreatedApiKeyResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: 'gh_1a2b3c4d' }) prefix: string;
  @ApiProperty({ enum: Role, isArray: true }) roles: Role[];
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) expiresAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ description: 'Send as X-API-Key. Shown once: only its hash is stored.', example: 'gh_1a2b3c4d_…' }) key: string;

  static from({ apiKey, key }: IssuedApiKey): CreatedApiKeyResponseDto {
    return {
      id: apiKey.id,
      name: apiKey.name,
      prefix: apiKey.prefix,
      roles: apiKey.roles,
      expiresAt: apiKey.expiresAt?.toISOString() ?? null,
      createdAt: apiKey.createdAt.toISOString(),
      key,
    };
  }
}
