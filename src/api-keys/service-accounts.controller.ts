import { Body, Controller, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { type AuthUser, CurrentUser, NoApiKey, Role, Roles } from '../authorization/index.js';
import { userActor } from '../events/index.js';
import { UserResponseDto, UsersService } from '../users/index.js';
import { originOf } from './api-keys.controller.js';
import { ApiKeysService } from './api-keys.service.js';
import { CreateApiKeyDto } from './dto/create-api-key.dto.js';
import { CreateServiceAccountDto } from './dto/create-service-account.dto.js';
import { CreatedApiKeyResponseDto } from './dto/created-api-key-response.dto.js';

/** Admins create machine accounts and issue their keys; creating credentials needs an access token, not a key. */
@ApiTags('users')
@Roles(Role.Admin)
@NoApiKey()
@Controller('users')
export class ServiceAccountsController {
  constructor(
    private readonly users: UsersService,
    private readonly keys: ApiKeysService,
  ) {}

  @Post('service-accounts')
  @ApiOperation({
    summary: 'Create a service account',
    description: 'A user with kind "service": no password, cannot log in; it acts through API keys that admins issue.',
  })
  @ApiCreatedResponse({ type: UserResponseDto })
  async create(@CurrentUser() caller: AuthUser, @Body() dto: CreateServiceAccountDto): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.users.createServiceAccount(dto.name, dto.roles, userActor(caller.id)));
  }

  @Post(':id/api-keys')
  @ApiOperation({
    summary: 'Issue an API key for a service account',
    description: 'As POST /auth/api-keys, for that account; the key is shown once.',
  })
  @ApiCreatedResponse({ type: CreatedApiKeyResponseDto })
  @ApiBadRequestResponse({ description: 'Invalid body, or a role the account does not hold (API_KEY_ROLE_NOT_HELD)' })
  @ApiNotFoundResponse({ description: 'No such user (USER_NOT_FOUND)' })
  @ApiConflictResponse({ description: 'The user is a person, not a service account (USER_NOT_SERVICE_ACCOUNT)' })
  async issueKey(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateApiKeyDto,
    @Req() req: FastifyRequest,
  ): Promise<CreatedApiKeyResponseDto> {
    return CreatedApiKeyResponseDto.from(await this.keys.createForServiceAccount(id, dto, userActor(caller.id), originOf(req)));
  }
}
