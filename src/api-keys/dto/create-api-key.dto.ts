import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsEnum, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { Role } from '../../authorization/index.js';
import { IsPrintableText } from '../../common/index.js';

export class CreateApiKeyDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'nightly export' })
  @IsString()
  @Length(1, 100)
  @IsPrintableText()
  name: string;

  @ApiPropertyOptional({ enum: Role, isArray: true, example: ['user'], description: "Default: the owner's roles. Each must be held by the owner." })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(3)
  @ArrayUnique()
  @IsEnum(Role, { each: true, message: 'each role must be one of: user, editor, admin' })
  roles?: Role[];

  @ApiPropertyOptional({ minimum: 1, maximum: 365, example: 90, description: 'Default: the key does not expire' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  expiresInDays?: number;
}
