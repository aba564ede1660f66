import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsEnum, IsString, Length } from 'class-validator';
import { Role } from '../../authorization/index.js';
import { IsPrintableText } from '../../common/index.js';

export class CreateServiceAccountDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'billing-worker', description: "Shown as the account's displayName" })
  @IsString()
  @Length(1, 100)
  @IsPrintableText()
  name: string;

  @ApiProperty({ enum: Role, isArray: true, example: ['user'] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(3)
  @ArrayUnique()
  @IsEnum(Role, { each: true, message: 'each role must be one of: user, editor, admin' })
  roles: Role[];
}
