import { ApiProperty } from '@nestjs/swagger';

export class TokenResponseDto {
  @ApiProperty({ description: 'Signed access token (compact JWS, or JWE when encryption is on)' })
  accessToken: string;

  @ApiProperty({ description: 'Opaque, single-use refresh token' })
  refreshToken: string;

  @ApiProperty({ example: 'Bearer' })
  tokenType: 'Bearer';

  @ApiProperty({ description: 'Access token lifetime in seconds', example: 900 })
  expiresIn: number;
}
