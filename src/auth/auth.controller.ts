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
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PageQueryDto } from '../common/index.js';
import { UserResponseDto } from '../users/index.js';
import { type AuthUser, CurrentUser, NoApiKey, Public } from '../authorization/index.js';
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
import { SET_AUTH_COOKIES_HEADER } from '../openapi/index.js';
import { CompleteMfaLoginDto, MfaChallengeResponseDto, PasskeyAssertionDto } from '../mfa/index.js';

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
  headers: SET_AUTH_COOKIES_HEADER,
  // anyOf: the cookie answer's one field is also in the token answer, so the two shapes are not exclusive.
  schema: { anyOf: [{ $ref: getSchemaPath(TokenResponseDto) }, { $ref: getSchemaPath(CookieTokenResponseDto) }] },
};

const CLEAR_COOKIES_HEADER = {
  'Set-Cookie': { description: 'Cookie mode: clears the auth cookies', schema: { type: 'string' as const } },
};

@ApiTags('auth')
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
  @ApiOperation({
    summary: 'Create an account',
    description:
      'Registers an account with the role `user`. The e-mail is trimmed, NFKC-normalised and lower-cased; it must be unused (409 AUTH_EMAIL_TAKEN). Rate-limited per client IP (AUTH_RATE_LIMIT).',
  })
  @ApiCreatedResponse({ type: UserResponseDto })
  @ApiConflictResponse({ description: 'Email already registered (case-insensitive)' })
  async register(@Body() dto: RegisterDto): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.auth.register(dto));
  }

  @Public()
  @CredentialEndpoint()
  @Post('login')
  @ApiOperation({
    summary: 'Log in',
    description:
      'Exchanges e-mail and password for an access token and a refresh token (a new session). With `X-Token-Delivery: cookie` in cookie mode the tokens are set as HttpOnly cookies and the body holds only `expiresIn`. Failed logins count toward the lockout (429 AUTH_LOGIN_LOCKED); a disabled account is 403.',
  })
  @HttpCode(HttpStatus.OK)
  @ApiHeader(DELIVERY_HEADER_DOC)
  @ApiExtraModels(TokenResponseDto, CookieTokenResponseDto, MfaChallengeResponseDto)
  @ApiOkResponse({
    description: `${TOKENS_RESPONSE_DOC.description} With a second factor on: {mfaRequired, mfaToken, methods} and no tokens.`,
    schema: { anyOf: [...TOKENS_RESPONSE_DOC.schema.anyOf, { $ref: getSchemaPath(MfaChallengeResponseDto) }] },
    headers: TOKENS_RESPONSE_DOC.headers,
  })
  @ApiBadRequestResponse({ description: 'Invalid body, or an unknown X-Token-Delivery (cookie needs AUTH_COOKIES=true)' })
  @ApiUnauthorizedResponse({ description: 'Invalid credentials (same answer for an unknown email)' })
  @ApiForbiddenResponse({ description: 'Account disabled' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed logins or requests; see Retry-After' })
  async login(
    @Body() dto: LoginDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenResponseDto | CookieTokenResponseDto | MfaChallengeResponseDto> {
    const delivery = this.delivery.requestedDelivery(req);
    const result = await this.auth.login(dto, { userAgent: req.headers['user-agent'], ip: req.ip });
    if ('mfaRequired' in result) return result;
    return this.delivery.deliver(reply, result, delivery);
  }

  @Public()
  @CredentialEndpoint()
  @Post('login/mfa')
  @HttpCode(HttpStatus.OK)
  @ApiTags('mfa')
  @ApiOperation({
    summary: 'Second step of a login',
    description:
      'The mfaToken of POST /auth/login and exactly one factor: a TOTP code, a recovery code, or a passkey assertion ' +
      '(challenge from POST /auth/passkeys/authentication/options with the mfaToken). A wrong factor counts toward the login lockout.',
  })
  @ApiHeader(DELIVERY_HEADER_DOC)
  @ApiOkResponse(TOKENS_RESPONSE_DOC)
  @ApiBadRequestResponse({ description: 'Invalid body; AUTH_MFA_FACTOR_MISSING unless exactly one factor is sent' })
  @ApiUnauthorizedResponse({ description: 'AUTH_MFA_CODE_INVALID or AUTH_PASSKEY_INVALID (counted), AUTH_MFA_TOKEN_INVALID' })
  @ApiTooManyRequestsResponse({ description: 'AUTH_LOGIN_LOCKED: too many failed passwords or codes; see Retry-After' })
  async loginMfa(
    @Body() dto: CompleteMfaLoginDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenResponseDto | CookieTokenResponseDto> {
    const delivery = this.delivery.requestedDelivery(req);
    const tokens = await this.auth.completeMfaLogin(dto, { userAgent: req.headers['user-agent'], ip: req.ip });
    return this.delivery.deliver(reply, tokens, delivery);
  }

  @Public()
  @CredentialEndpoint()
  @Post('passkeys/authentication')
  @HttpCode(HttpStatus.OK)
  @ApiTags('passkeys')
  @ApiOperation({
    summary: 'Sign in with a passkey',
    description:
      'A discoverable passkey alone, no password: the assertion for the challengeId of POST /auth/passkeys/authentication/options. ' +
      'The sign counter must grow (a cloned authenticator is refused). amr: hwk or swk, plus mfa when the user was verified.',
  })
  @ApiHeader(DELIVERY_HEADER_DOC)
  @ApiOkResponse(TOKENS_RESPONSE_DOC)
  @ApiUnauthorizedResponse({
    description: 'AUTH_PASSKEY_INVALID: unknown or deleted passkey, used or expired challenge, bad signature, counter gone backwards',
  })
  @ApiForbiddenResponse({ description: 'Account disabled' })
  async loginWithPasskey(
    @Body() dto: PasskeyAssertionDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenResponseDto | CookieTokenResponseDto> {
    const delivery = this.delivery.requestedDelivery(req);
    const tokens = await this.auth.loginWithPasskey(dto, { userAgent: req.headers['user-agent'], ip: req.ip });
    return this.delivery.deliver(reply, tokens, delivery);
  }

  @Public()
  @CredentialEndpoint()
  @Post('refresh')
  @ApiOperation({
    summary: 'Rotate the refresh token',
    description:
      'Exchanges a refresh token (body, or the refresh cookie in cookie mode, then with X-CSRF-Token) for a new pair. The old refresh token is dead; presenting it again revokes the whole session (401 AUTH_REFRESH_REUSED). The session lifetime is not extended.',
  })
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

  @NoApiKey()
  @Post('logout')
  @ApiOperation({
    summary: 'Log out this session',
    description:
      'Revokes the session of the presented access token: its refresh token and every access token with its `sid` stop working at once. In cookie mode the cookies are cleared.',
  })
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'This session and every access token of it are revoked', headers: CLEAR_COOKIES_HEADER })
  async logout(@CurrentUser() caller: AuthUser, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.auth.logout(caller);
    this.delivery.clear(reply);
  }

  @NoApiKey()
  @Post('logout-all')
  @ApiOperation({
    summary: 'Log out every session',
    description: 'Revokes every session of the caller, this one included, at once. In cookie mode the cookies are cleared.',
  })
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Every session of this user is revoked', headers: CLEAR_COOKIES_HEADER })
  async logoutAll(@CurrentUser() caller: AuthUser, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.auth.logoutAll(caller);
    this.delivery.clear(reply);
  }

  @Get('me')
  @ApiOperation({
    summary: "The caller's account",
    description: 'The account the access token belongs to, read from the database (so a disabled or deleted account answers 401).',
  })
  @ApiOkResponse({ type: UserResponseDto })
  async me(@CurrentUser() caller: AuthUser): Promise<UserResponseDto> {
    return this.auth.profile(caller);
  }

  @CredentialEndpoint()
  @NoApiKey()
  @Post('password')
  @ApiOperation({
    summary: 'Change the password',
    description:
      'Checks the current password (a wrong one is 401 AUTH_WRONG_PASSWORD and counts toward the lockout), stores the new one and revokes every other session of the caller.',
  })
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Password changed; every other session revoked' })
  @ApiUnauthorizedResponse({ description: 'Wrong current password' })
  async changePassword(@CurrentUser() caller: AuthUser, @Body() dto: ChangePasswordDto, @Req() req: FastifyRequest): Promise<void> {
    await this.auth.changePassword(caller, req.ip, dto);
  }

  @NoApiKey()
  @Get('sessions')
  @ApiOperation({
    summary: "List the caller's sessions",
    description:
      "The caller's live sessions, newest first, one page at a time; `current` marks the one making the request. `X-Total-Count` gives the number of sessions in all pages.",
  })
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

  @NoApiKey()
  @Delete('sessions/:id')
  @ApiOperation({
    summary: "Revoke one of the caller's sessions",
    description:
      "Revokes a session of the caller by id (its refresh token and access tokens stop working at once). Another user's session id answers 404, as an unknown one does.",
  })
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'No such session of this user' })
  async deleteSession(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.sessions.revokeOwn(caller.id, id);
  }
}
