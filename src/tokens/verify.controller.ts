import { BadRequestException, Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type AuthUser, CurrentUser, isRole, Role, ROLE_NAMES, satisfiesRoles } from '../authorization/index.js';
import { ForwardAuth } from './jwt-auth.guard.js';
import { VerifyResponseDto } from './verify-response.dto.js';
import { AuthorizationErrors } from '../authorization/index.js';

/** Forward-auth for reverse proxies (access tokens and API keys): no database (the guard has done every check). */
@ApiTags('auth')
@ApiBearerAuth()
@Controller('auth')
export class VerifyController {
  @Get('verify')
  @ForwardAuth()
  @ApiOkResponse({ type: VerifyResponseDto, description: 'Also sets X-Auth-User-Id and X-Auth-Roles' })
  @ApiForbiddenResponse({
    description: 'The token does not hold the requested role, or a cookie-authenticated unsafe X-Forwarded-Method lacks its CSRF token',
  })
  @ApiQuery({ name: 'role', required: false, enum: Role, description: 'answer 403 unless the token holds this role (or a higher one)' })
  @ApiBadRequestResponse({ description: 'Unknown role' })
  verify(
    @CurrentUser() caller: AuthUser,
    // Checked by hand rather than through a DTO: this is the forward-auth hot path, called for every proxied request.
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): VerifyResponseDto {
    for (const name in query) if (name !== 'role') throw new BadRequestException(`property ${name} should not exist`);
    const role = query.role;
    if (role !== undefined && !isRole(role)) throw new BadRequestException(`role must be one of: ${ROLE_NAMES}`);
    if (role && !satisfiesRoles(caller.roles, [role])) throw AuthorizationErrors.forbiddenRole();
    void reply.header('X-Auth-User-Id', caller.id).header('X-Auth-Roles', caller.roles.join(','));
    // An API key without expiry has exp 0 on the caller: say so plainly rather than a date in 1970.
    return { sub: caller.id, roles: caller.roles, sid: caller.sid, exp: caller.apiKey && caller.exp === 0 ? null : caller.exp };
  }
}
