import { ApiProperty } from '@nestjs/swagger';
import { Role } from '../../authorization/index.js';
import type { User, UserKind } from '../entities/user.entity.js';

/** The user as the API shows it: never a password hash. */
export class UserResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'ada@example.com' }) email: string;
  @ApiProperty({ nullable: true, type: String }) displayName: string | null;
  @ApiProperty({ enum: Role, isArray: true }) roles: Role[];
  @ApiProperty() disabled: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ enum: ['person', 'service'], description: '`service`: a machine client with API keys and no password' }) kind: UserKind;
  @ApiProperty({ description: 'The owner followed a link sent to this address (or an operator created the account)' })
  emailVerified: boolean;
  @ApiProperty({ description: 'A second factor is on: login takes two steps' }) mfaEnabled: boolean;

  static from(user: User): UserResponseDto {
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      roles: user.roles,
      disabled: user.disabled,
      createdAt: user.createdAt.toISOString(),
      kind: user.kind,
      emailVerified: user.emailVerified,
      mfaEnabled: user.mfaEnabled,
    };
  }
}
