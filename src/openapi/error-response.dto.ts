import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The one error body every failure uses (see AllExceptionsFilter). */
export class ErrorResponseDto {
  @ApiProperty({ example: 401 }) statusCode: number;
  @ApiProperty({ example: 'Unauthorized' }) error: string;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    description: 'A message, or one message per invalid field for validation errors',
    example: 'Authentication required',
  })
  message: string | string[];

  @ApiPropertyOptional({ description: 'Stable machine-readable code, e.g. AUTH_TOKEN_INVALID', example: 'AUTH_TOKEN_MISSING' })
  code?: string;
}
