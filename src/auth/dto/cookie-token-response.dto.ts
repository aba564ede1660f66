import { ApiProperty } from '@nestjs/swagger';

/** Login or refresh with cookie delivery: the tokens are in the HttpOnly cookies only, never in this body. */
export class CookieTokenResponseDto {
  @ApiProperty({ description: 'Access token lifetime in seconds (the access cookie expires with it)', example: 900 })
  expiresIn: number;
}
