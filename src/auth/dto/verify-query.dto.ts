import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional } from 'class-validator';
import { Role } from '../roles/role.enum.js';

export class VerifyQueryDto {
  @ApiPropertyOptional({ enum: Role, description: 'answer 403 unless the token holds this role (or a higher one)' })
  @IsOptional()
  @IsEnum(Role)
  role?: Role;
}
