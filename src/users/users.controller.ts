import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { CurrentUser, Role, Roles, type AuthUser } from '../authorization/index.js';
import { userActor } from '../events/index.js';
import { type Page, PageQueryDto } from '../common/index.js';
import { ApiPageResponse } from '../openapi/index.js';
import { UpdateRolesDto } from './dto/update-roles.dto.js';
import { UpdateStatusDto } from './dto/update-status.dto.js';
import { UserResponseDto } from './dto/user-response.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Roles(Role.Admin)
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({
    summary: 'List users',
    description: 'Every account, one page at a time (admin only).',
  })
  @ApiPageResponse(UserResponseDto, 'A page of users')
  async list(@Query() query: PageQueryDto): Promise<Page<UserResponseDto>> {
    const page = await this.users.list(query.page, query.limit);
    return { ...page, items: page.items.map((u) => UserResponseDto.from(u)) };
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Get a user',
    description: 'One account by id (admin only).',
  })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiNotFoundResponse()
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.users.getById(id));
  }

  @Patch(':id/roles')
  @ApiOperation({
    summary: "Set a user's roles",
    description:
      'Replaces the roles of an account and revokes all its sessions, so its next tokens carry the new roles. Demoting the last enabled admin is 409 USER_LAST_ADMIN.',
  })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiConflictResponse({ description: 'Removing the last admin' })
  async setRoles(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateRolesDto): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.users.setRoles(id, body.roles, userActor(caller.id)));
  }

  @Patch(':id/status')
  @ApiOperation({
    summary: 'Disable or enable a user',
    description:
      'Disabling revokes every session of the account at once and refuses its logins (403 AUTH_ACCOUNT_DISABLED). Disabling the last enabled admin is 409.',
  })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiConflictResponse({ description: 'Disabling the last admin' })
  async setStatus(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateStatusDto): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.users.setDisabled(id, body.disabled, userActor(caller.id)));
  }

  @Delete(':id')
  @ApiOperation({
    summary: 'Delete a user',
    description: 'Deletes an account with its sessions and articles. Deleting the last enabled admin is 409.',
  })
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'Deleting the last admin' })
  async remove(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.users.remove(id, userActor(caller.id));
  }
}
