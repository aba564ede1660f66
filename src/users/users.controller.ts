import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/decorators/current-user.decorator.js';
import { Roles } from '../auth/decorators/roles.decorator.js';
import { AuthEventsService } from '../auth/events/auth-events.service.js';
import { Role } from '../auth/roles/role.enum.js';
import { PageQueryDto } from '../common/page-query.dto.js';
import { ApiPageResponse } from '../openapi/api-page-response.decorator.js';
import type { Page } from '../common/page.dto.js';
import { UpdateRolesDto } from './dto/update-roles.dto.js';
import { UpdateStatusDto } from './dto/update-status.dto.js';
import { UserResponseDto } from './dto/user-response.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Roles(Role.Admin)
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly events: AuthEventsService,
  ) {}

  @Get()
  @ApiPageResponse(UserResponseDto, 'A page of users')
  async list(@Query() query: PageQueryDto): Promise<Page<UserResponseDto>> {
    const page = await this.users.list(query.page, query.limit);
    return { ...page, items: page.items.map(UserResponseDto.from) };
  }

  @Get(':id')
  @ApiOkResponse({ type: UserResponseDto })
  @ApiNotFoundResponse()
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.users.getById(id));
  }

  @Patch(':id/roles')
  @ApiOkResponse({ type: UserResponseDto })
  @ApiConflictResponse({ description: 'Removing the last admin' })
  async setRoles(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateRolesDto,
  ): Promise<UserResponseDto> {
    const user = await this.users.setRoles(id, body.roles);
    this.events.rolesChanged(caller.id, id, user.roles);
    return UserResponseDto.from(user);
  }

  @Patch(':id/status')
  @ApiOkResponse({ type: UserResponseDto })
  @ApiConflictResponse({ description: 'Disabling the last admin' })
  async setStatus(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateStatusDto,
  ): Promise<UserResponseDto> {
    const user = await this.users.setDisabled(id, body.disabled);
    this.events.statusChanged(caller.id, id, user.disabled);
    return UserResponseDto.from(user);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'Deleting the last admin' })
  async remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.users.remove(id);
  }
}
