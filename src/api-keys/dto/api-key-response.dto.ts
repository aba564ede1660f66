import { ApiProperty } from '@nestjs/swagger';
import { Role } from '../../authorization/index.js';
import type { ApiKey } from '../api-key.entity.js';

/** A key as lists show it: never the key, never its hash. */
export class ApiKeyResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'nightly export' }) name: string;
  @ApiProperty({ example: 'gh_1a2b3c4d', description: 'The first characters of the key, to recognise it' }) prefix: string;
  @ApiProperty({ enum: Role, isArray: true }) roles: Role[];
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) expiresAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Updated at most once a minute' }) lastUsedAt: string | null;

  static from(key: ApiKey): ApiKeyResponseDto {
    return {
      id: key.id,
      name: key.name,
      prefix: key.prefix,
      roles: key.roles,
      expiresAt: key.expiresAt?.toISOString() ?? null,
      createdAt: key.createdAt.toISOString(),
      lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    };
  }
}
