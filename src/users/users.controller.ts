import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
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
  @ApiPageResponse(UserResponseDto, 'A page of users')
  async list(@Query() query: PageQueryDto): Promise<Page<UserResponseDto>> {
    const page = await this.users.list(query.page, query.limit);
    return { ...page, items: page.items.map((u) => UserResponseDto.from(u)) };
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
  async setRoles(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateRolesDto): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.users.setRoles(id, body.roles, userActor(caller.id)));
  }

  @Patch(':id/status')
  @ApiOkResponse({ type: UserResponseDto })
  @ApiConflictResponse({ description: 'Disabling the last admin' })
  async setStatus(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateStatusDto): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.users.setDisabled(id, body.disabled, userActor(caller.id)));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'Deleting the last admin' })
  async remove(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.users.remove(id, userActor(caller.id));
  }
}
