import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PageQueryDto } from '../common/index.js';
import { UserResponseDto } from '../users/index.js';
import { type AuthUser, CurrentUser, Public } from '../authorization/index.js';
import { AuthService } from './auth.service.js';
import { TokenDeliveryService } from './token-delivery.service.js';
import { CookieTokenResponseDto } from './dto/cookie-token-response.dto.js';
import { ChangePasswordDto } from './dto/change-password.dto.js';
import { LoginDto } from './dto/login.dto.js';
import { RefreshDto } from './dto/refresh.dto.js';
import { RegisterDto } from './dto/register.dto.js';
import { SessionResponseDto, SessionsService } from '../sessions/index.js';
import { TokenResponseDto } from './dto/token-response.dto.js';
import { CredentialEndpoint } from '../abuse/index.js';

const DELIVERY_HEADER_DOC = {
  name: 'X-Token-Delivery',
  required: false,
  enum: ['body', 'cookie'],
  description:
    'body (default): tokens in the JSON body. cookie (AUTH_COOKIES=true): tokens in HttpOnly cookies only. ' +
    'A refresh token taken from the refresh cookie is always answered in cookies.',
};

const TOKENS_RESPONSE_DOC = {
  description: 'Body delivery: the tokens. Cookie delivery: only expiresIn; the tokens are in Set-Cookie.',
  schema: { oneOf: [{ $ref: getSchemaPath(TokenResponseDto) }, { $ref: getSchemaPath(CookieTokenResponseDto) }] },
};

@ApiTags('auth')
@ApiBearerAuth()
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
    private readonly delivery: TokenDeliveryService,
  ) {}

  @Public()
  @CredentialEndpoint()
  @Post('register')
  @ApiCreatedResponse({ type: UserResponseDto })
  @ApiConflictResponse({ description: 'Email already registered (case-insensitive)' })
  async register(@Body() dto: RegisterDto): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.auth.register(dto));
  }

  @Public()
  @CredentialEndpoint()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiHeader(DELIVERY_HEADER_DOC)
  @ApiExtraModels(TokenResponseDto, CookieTokenResponseDto)
  @ApiOkResponse(TOKENS_RESPONSE_DOC)
  @ApiBadRequestResponse({ description: 'Invalid body, or an unknown X-Token-Delivery (cookie needs AUTH_COOKIES=true)' })
  @ApiUnauthorizedResponse({ description: 'Invalid credentials (same answer for an unknown email)' })
  @ApiForbiddenResponse({ description: 'Account disabled' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed logins or requests; see Retry-After' })
  async login(
    @Body() dto: LoginDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenResponseDto | CookieTokenResponseDto> {
    const delivery = this.delivery.requestedDelivery(req);
    const tokens = await this.auth.login(dto, { userAgent: req.headers['user-agent'], ip: req.ip });
    return this.delivery.deliver(reply, tokens, delivery);
  }

  @Public()
  @CredentialEndpoint()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiHeader(DELIVERY_HEADER_DOC)
  @ApiOkResponse(TOKENS_RESPONSE_DOC)
  @ApiUnauthorizedResponse({ description: 'Unknown, expired or reused refresh token' })
  @ApiForbiddenResponse({ description: 'Refresh cookie without the CSRF token of its session' })
  async refresh(
    @Body() dto: RefreshDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenResponseDto | CookieTokenResponseDto> {
    const fromBody = dto.refreshToken;
    const delivery = fromBody ? this.delivery.requestedDelivery(req) : 'cookie';
    const refreshToken = fromBody ?? (await this.delivery.refreshTokenFrom(req));
    if (!refreshToken) throw new BadRequestException(['refreshToken must be a string']);
    return this.delivery.deliver(reply, await this.auth.refresh(refreshToken), delivery);
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'This session and every access token of it are revoked' })
  async logout(@CurrentUser() caller: AuthUser, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.auth.logout(caller);
    this.delivery.clear(reply);
  }

  @Post('logout-all')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Every session of this user is revoked' })
  async logoutAll(@CurrentUser() caller: AuthUser, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.auth.logoutAll(caller);
    this.delivery.clear(reply);
  }

  @Get('me')
  @ApiOkResponse({ type: UserResponseDto })
  async me(@CurrentUser() caller: AuthUser): Promise<UserResponseDto> {
    return this.auth.profile(caller);
  }

  @CredentialEndpoint()
  @Post('password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Password changed; every other session revoked' })
  @ApiUnauthorizedResponse({ description: 'Wrong current password' })
  async changePassword(@CurrentUser() caller: AuthUser, @Body() dto: ChangePasswordDto, @Req() req: FastifyRequest): Promise<void> {
    await this.auth.changePassword(caller, req.ip, dto);
  }

  @Get('sessions')
  @ApiOkResponse({
    type: SessionResponseDto,
    isArray: true,
    description: 'A page of live sessions, newest first',
    headers: { 'X-Total-Count': { description: 'Live sessions in all pages', schema: { type: 'integer' } } },
  })
  @ApiBadRequestResponse({ description: 'Bad paging' })
  async listSessions(
    @CurrentUser() caller: AuthUser,
    @Query() query: PageQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionResponseDto[]> {
    const [sessions, total] = await this.sessions.listActive(caller.id, query.page, query.limit);
    void reply.header('X-Total-Count', String(total));
    return sessions.map((s) => SessionResponseDto.from(s, caller.sid));
  }

  @Delete('sessions/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'No such session of this user' })
  async deleteSession(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.sessions.revokeOwn(caller.id, id);
  }
}
