import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsEnum } from 'class-validator';
import { Role } from '../../authorization/index.js';

export class UpdateRolesDto {
  @ApiProperty({ enum: Role, isArray: true, example: ['editor'] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(3)
  @ArrayUnique()
  @IsEnum(Role, { each: true, message: 'each role must be one of: user, editor, admin' })
  roles: Role[];
}
