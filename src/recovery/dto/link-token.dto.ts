import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

/** The token of a verification or e-mail change link. */
export class LinkTokenDto {
  @ApiProperty({ description: 'The token of the link (its `token` query parameter)', maxLength: 256 })
  @IsString()
  @Length(1, 256)
  token: string;
}
