import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IsPrintableText } from '../../common/index.js';

export class CreateArticleDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Rotating refresh tokens' })
  @IsString()
  @Length(1, 200)
  @IsPrintableText()
  title: string;

  @ApiProperty({ minLength: 1, maxLength: 50000 })
  @IsString()
  @Length(1, 50000)
  @IsPrintableText({ multiline: true })
  body: string;
}
