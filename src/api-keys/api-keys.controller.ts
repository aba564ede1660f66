import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { type AuthUser, CurrentUser, NoApiKey } from '../authorization/index.js';
import { userActor } from '../events/index.js';
import { ApiKeysService } from './api-keys.service.js';
import { ApiKeyResponseDto } from './dto/api-key-response.dto.js';
import { CreateApiKeyDto } from './dto/create-api-key.dto.js';
import { CreatedApiKeyResponseDto } from './dto/created-api-key-response.dto.js';

export const originOf = (req: FastifyRequest) => ({ ip: req.ip, userAgent: req.headers['user-agent'] });

/** The caller's own API keys. Creating one needs an access token: a key never mints another key. */
@ApiTags('api-keys')
@Controller('auth/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @NoApiKey()
  @ApiOperation({
    summary: 'Create an API key',
    description:
      "Returns the key once (send it as X-API-Key); only its hash is stored. Roles default to the caller's and may not exceed them. " +
      'Refused with an API key (403 AUTH_API_KEY_NOT_ALLOWED).',
  })
  @ApiCreatedResponse({ type: CreatedApiKeyResponseDto })
  @ApiBadRequestResponse({ description: 'Invalid body, or a role the caller does not hold (API_KEY_ROLE_NOT_HELD)' })
  async create(@CurrentUser() caller: AuthUser, @Body() dto: CreateApiKeyDto, @Req() req: FastifyRequest): Promise<CreatedApiKeyResponseDto> {
    return CreatedApiKeyResponseDto.from(await this.keys.create(caller.id, dto, userActor(caller.id), originOf(req)));
  }

  @Get()
  @ApiOperation({ summary: "List the caller's API keys", description: 'Newest first; revoked keys are not listed; never the key itself.' })
  @ApiOkResponse({ type: ApiKeyResponseDto, isArray: true })
  async list(@CurrentUser() caller: AuthUser): Promise<ApiKeyResponseDto[]> {
    return (await this.keys.list(caller.id)).map((key) => ApiKeyResponseDto.from(key));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke an API key', description: 'The key stops working at once on every instance. A key may revoke itself.' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: "Unknown, already revoked, or another user's key (API_KEY_NOT_FOUND)" })
  async revoke(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Req() req: FastifyRequest): Promise<void> {
    await this.keys.revoke(id, caller.id, userActor(caller.id), originOf(req));
  }
}
