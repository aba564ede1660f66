import { BadRequestException, Controller, Get, HttpStatus, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type AuthUser, isRole, Role, ROLE_NAMES, satisfiesRoles } from '../authorization/index.js';
import { ForwardAuth } from './jwt-auth.guard.js';
import { VerifyResponseDto } from './verify-response.dto.js';
import { AuthorizationErrors } from '../authorization/index.js';

/** Forward-auth for reverse proxies (access tokens and API keys): no database (the guard has done every check). */
@ApiTags('auth')
@Controller('auth')
export class VerifyController {
  // Fastify answers HEAD on every GET route with the same status and headers and no body: proxies may probe with it.
  @Get('verify')
  @ForwardAuth()
  @ApiOperation({
    summary: 'Forward-auth check for reverse proxies',
    description:
      'nginx `auth_request`, Caddy `forward_auth` and Traefik `forwardAuth` call this for every proxied request (GET or HEAD). ' +
      '200 means "let it through" and names the caller in `X-Auth-User-Id` and `X-Auth-Roles` for the upstream. ' +
      "Query parameters other than `role` are ignored, since proxies pass the client's query along. With `X-Forwarded-Method` " +
      'from the proxy, a cookie-authenticated unsafe method needs `X-CSRF-Token`, and a CORS preflight (OPTIONS with ' +
      '`Access-Control-Request-Method`) relayed by a proxy that TRUST_PROXY names passes without credentials (204, no identity). ' +
      'Touches no database; 503 when the revocation state cannot be vouched for. See docs/proxies.md.',
  })
  @ApiOkResponse({
    type: VerifyResponseDto,
    description: 'The token is good (and holds `role`, when asked)',
    headers: {
      'X-Auth-User-Id': { description: "The caller's user id, for the upstream", schema: { type: 'string', format: 'uuid' } },
      'X-Auth-Roles': { description: "The caller's roles, comma-separated", schema: { type: 'string', example: 'user,editor' } },
    },
  })
  @ApiHeader({
    name: 'X-Forwarded-Method',
    required: false,
    description: 'Set by the proxy: the method of the request being checked (CSRF in cookie mode, CORS preflights)',
  })
  @ApiNoContentResponse({ description: 'A CORS preflight relayed by a trusted proxy: let through without an identity' })
  @ApiForbiddenResponse({
    description: 'The token does not hold the requested role, or a cookie-authenticated unsafe X-Forwarded-Method lacks its CSRF token',
  })
  @ApiQuery({ name: 'role', required: false, enum: Role, description: 'answer 403 unless the token holds this role (or a higher one)' })
  @ApiBadRequestResponse({ description: 'Unknown role, or `role` given twice' })
  verify(
    // The caller and the query are read from the request rather than with @CurrentUser() and @Query(): this is the
    // forward-auth hot path, called for every proxied request, and either decorator would run the global
    // ValidationPipe (asynchronous, so promises on every request) only to hand the same object back. The query is
    // checked by hand rather than through a DTO: the proxy's query is the client's (`?q=1` on the app must not fail
    // the check), so only `role` is read.
    @Req() request: FastifyRequest & { user?: AuthUser },
    @Res({ passthrough: true }) reply: FastifyReply,
  ): VerifyResponseDto | undefined {
    const caller = request.user;
    const query = request.query as Record<string, unknown>;
    // Only a relayed preflight reaches here without a caller (the guard refuses everything else).
    if (!caller) {
      void reply.status(HttpStatus.NO_CONTENT);
      return undefined;
    }
    // An empty role (a proxy template's `?role=`) asks for none.
    const role = query.role === '' ? undefined : query.role;
    if (role !== undefined && !isRole(role)) throw new BadRequestException(`role must be one of: ${ROLE_NAMES}`);
    if (role && !satisfiesRoles(caller.roles, [role])) throw AuthorizationErrors.forbiddenRole();
    void reply.header('X-Auth-User-Id', caller.id).header('X-Auth-Roles', caller.roles.join(','));
    // An API key without expiry has exp 0 on the caller: say so plainly rather than a date in 1970.
    return { sub: caller.id, roles: caller.roles, sid: caller.sid, exp: caller.apiKey && caller.exp === 0 ? null : caller.exp };
  }
}
