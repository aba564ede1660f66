import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { Public } from '../../authorization/index.js';
import { ApiNoBackingService } from '../../openapi/index.js';
import { SigningKeysService } from './signing-keys.service.js';

@ApiTags('keys')
@Controller('.well-known')
export class JwksController {
  constructor(private readonly keys: SigningKeysService) {}

  @Public()
  @ApiNoBackingService()
  @Get('jwks.json')
  @ApiOperation({
    summary: 'Public signing keys (JWKS)',
    description:
      'The public keys that verify current access tokens, for services that check tokens themselves (`kid` in the token header picks the key). Empty for HS256. Cacheable for 5 minutes; reads no database.',
  })
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOkResponse({
    description: 'Public keys that verify current access tokens; empty for HS256',
    schema: {
      type: 'object',
      required: ['keys'],
      properties: {
        keys: {
          type: 'array',
          items: {
            type: 'object',
            description: 'A public JWK (RFC 7517): RSA keys carry n and e, EC keys crv, x and y, OKP (Ed25519) keys crv and x',
            required: ['kty', 'kid', 'alg', 'use'],
            additionalProperties: false,
            properties: {
              kty: { type: 'string', enum: ['RSA', 'EC', 'OKP'] },
              kid: { type: 'string', description: 'Named by the `kid` header of the tokens this key verifies' },
              alg: { type: 'string', enum: ['RS256', 'ES256', 'EdDSA'] },
              use: { type: 'string', enum: ['sig'] },
              n: { type: 'string', description: 'RSA modulus, base64url' },
              e: { type: 'string', description: 'RSA exponent, base64url', example: 'AQAB' },
              crv: { type: 'string', enum: ['P-256', 'Ed25519'] },
              x: { type: 'string', description: 'EC or OKP x coordinate, base64url' },
              y: { type: 'string', description: 'EC y coordinate, base64url' },
            },
          },
        },
      },
    },
    headers: { 'Cache-Control': { description: 'Cacheable for 5 minutes', schema: { type: 'string', example: 'public, max-age=300' } } },
  })
  jwks(): { keys: object[] } {
    return { keys: this.keys.publicJwks() };
  }
}
