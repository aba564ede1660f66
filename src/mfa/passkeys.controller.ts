import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { CredentialEndpoint } from '../abuse/index.js';
import { type AuthUser, AuthorizationErrors, CurrentUser, Public, RequireRecentAuth, NoApiKey } from '../authorization/index.js';
import { userActor } from '../events/index.js';
import { UsersService } from '../users/index.js';
import { PasskeyAuthenticationOptionsDto, PasskeyResponseDto, RegisterPasskeyDto } from './dto/passkey.dto.js';
import { MfaLoginService } from './mfa-login.service.js';
import { PasskeyEnrollmentService } from './passkey-enrollment.service.js';
import { PasskeysService } from './passkeys.service.js';
import { requestOrigin } from './request-origin.js';

const WEBAUTHN_OPTIONS = { schema: { type: 'object', additionalProperties: true } } as const;

@ApiTags('passkeys')
// Second factors are credentials: a leaked API key must never add, remove or read them.
@NoApiKey()
@ApiBearerAuth()
@Controller('auth/passkeys')
export class PasskeysController {
  constructor(
    private readonly passkeys: PasskeysService,
    private readonly enrollment: PasskeyEnrollmentService,
    private readonly users: UsersService,
    private readonly mfaLogin: MfaLoginService,
  ) {}

  @Post('registration/options')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Begin registering a passkey',
    description: 'WebAuthn creation options for navigator.credentials.create (a discoverable credential); the challenge lives 5 minutes, once.',
  })
  @ApiOkResponse({ description: 'PublicKeyCredentialCreationOptionsJSON', ...WEBAUTHN_OPTIONS })
  @ApiUnauthorizedResponse({ description: 'AUTH_TOKEN_MISSING / AUTH_TOKEN_INVALID' })
  async registrationOptions(@CurrentUser() caller: AuthUser) {
    const user = await this.users.findById(caller.id);
    if (!user) throw AuthorizationErrors.tokenInvalid();
    return this.passkeys.registrationOptions(user.id, user.email);
  }

  @RequireRecentAuth('5m')
  @Post('registration')
  @ApiOperation({
    summary: 'Finish registering a passkey',
    description:
      'Verifies the attestation against the challenge of registration/options (any instance may have issued it). Needs a login of the last 5 minutes.',
  })
  @ApiCreatedResponse({ type: PasskeyResponseDto })
  @ApiBadRequestResponse({ description: 'AUTH_PASSKEY_REGISTRATION_INVALID: unknown or used challenge, wrong origin or RP id, bad attestation' })
  async register(@CurrentUser() caller: AuthUser, @Body() dto: RegisterPasskeyDto, @Req() req: FastifyRequest): Promise<PasskeyResponseDto> {
    const response = dto.response as unknown as RegistrationResponseJSON;
    const passkey = await this.enrollment.register(caller.id, response, dto.name, userActor(caller.id), requestOrigin(req, caller));
    return PasskeyResponseDto.from(passkey);
  }

  @Get()
  @ApiOperation({ summary: "List the caller's passkeys", description: 'Oldest first: name, creation and last use. Never key material.' })
  @ApiOkResponse({ type: PasskeyResponseDto, isArray: true })
  async list(@CurrentUser() caller: AuthUser): Promise<PasskeyResponseDto[]> {
    return (await this.passkeys.list(caller.id)).map((p) => PasskeyResponseDto.from(p));
  }

  @RequireRecentAuth('5m')
  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a passkey', description: 'It stops working at once. Needs a login of the last 5 minutes.' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: "PASSKEY_NOT_FOUND (also for another user's passkey)" })
  async remove(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Req() req: FastifyRequest): Promise<void> {
    await this.enrollment.remove(caller.id, id, userActor(caller.id), requestOrigin(req, caller));
  }

  @Public()
  @CredentialEndpoint()
  @Post('authentication/options')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Begin a passkey sign-in',
    description:
      'WebAuthn request options with a challengeId. No body: any discoverable passkey may answer. `email`: only a passkey of ' +
      "that account may (the options look the same for unknown addresses). `mfaToken`: the second step of a password login, listing that account's passkeys.",
  })
  @ApiOkResponse({ description: 'PublicKeyCredentialRequestOptionsJSON plus challengeId', ...WEBAUTHN_OPTIONS })
  @ApiUnauthorizedResponse({ description: 'AUTH_MFA_TOKEN_INVALID' })
  @ApiTooManyRequestsResponse({ description: 'AUTH_RATE_LIMITED' })
  async authenticationOptions(@Body() dto: PasskeyAuthenticationOptionsDto) {
    if (dto.mfaToken) return this.passkeys.authenticationOptions(await this.mfaLogin.pendingUser(dto.mfaToken), true);
    if (!dto.email) return this.passkeys.authenticationOptions(null, false);
    // An unknown address binds the challenge to an id no account has: every passkey is refused, and nothing differs.
    const user = await this.users.findByEmail(dto.email);
    return this.passkeys.authenticationOptions(user?.id ?? randomUUID(), false);
  }
}
