import { Body, Controller, Delete, HttpCode, HttpStatus, Inject, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CredentialEndpoint } from '../abuse/index.js';
import { type AuthUser, CurrentUser, NoApiKey } from '../authorization/index.js';
import { CurrentPasswordDto, DisableTotpDto, RecoveryCodesResponseDto, TotpCodeDto, TotpSetupResponseDto } from './dto/totp.dto.js';
import { PASSWORD_CONFIRMATION, type PasswordConfirmation } from './password-confirmation.js';
import { requestOrigin } from './request-origin.js';
import { TotpEnrollmentService } from './totp-enrollment.service.js';

const WRONG_PASSWORD = { description: 'AUTH_WRONG_PASSWORD (counts toward the login lockout)' };

/** TOTP and recovery codes. Registered by AuthModule, which provides PASSWORD_CONFIRMATION. */
@ApiTags('mfa')
// Second factors are credentials: a leaked API key must never add, remove or read them.
@NoApiKey()
@ApiBearerAuth()
@Controller('auth/mfa')
export class TotpController {
  constructor(
    private readonly enrollment: TotpEnrollmentService,
    @Inject(PASSWORD_CONFIRMATION) private readonly passwords: PasswordConfirmation,
  ) {}

  @CredentialEndpoint()
  @Post('totp/setup')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Begin turning TOTP on',
    description: 'Needs the current password. Returns the secret and otpauth URL once; pending until a first code confirms it.',
  })
  @ApiOkResponse({ type: TotpSetupResponseDto })
  @ApiUnauthorizedResponse(WRONG_PASSWORD)
  @ApiConflictResponse({ description: 'AUTH_MFA_ALREADY_ENABLED' })
  @ApiTooManyRequestsResponse({ description: 'AUTH_LOGIN_LOCKED / AUTH_RATE_LIMITED' })
  async setup(@CurrentUser() caller: AuthUser, @Body() dto: CurrentPasswordDto, @Req() req: FastifyRequest): Promise<TotpSetupResponseDto> {
    const user = await this.passwords.confirmPassword(caller, req.ip, dto.currentPassword);
    return this.enrollment.setup(user);
  }

  @CredentialEndpoint()
  @Post('totp/confirm')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Confirm TOTP with a first code',
    description: 'TOTP on; 10 recovery codes shown only now; every other session of the user is revoked.',
  })
  @ApiOkResponse({ type: RecoveryCodesResponseDto })
  @ApiBadRequestResponse({ description: 'AUTH_MFA_CODE_INVALID, or AUTH_MFA_NOT_PENDING without a setup' })
  async confirm(@CurrentUser() caller: AuthUser, @Body() dto: TotpCodeDto, @Req() req: FastifyRequest): Promise<RecoveryCodesResponseDto> {
    return { recoveryCodes: await this.enrollment.confirm(caller.id, dto.code, requestOrigin(req, caller)) };
  }

  @CredentialEndpoint()
  @Delete('totp')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Turn TOTP off', description: 'Needs the current password and a code (TOTP or recovery); the recovery codes die.' })
  @ApiNoContentResponse()
  @ApiUnauthorizedResponse(WRONG_PASSWORD)
  @ApiBadRequestResponse({ description: 'AUTH_MFA_CODE_INVALID, AUTH_MFA_NOT_ENABLED' })
  async disable(@CurrentUser() caller: AuthUser, @Body() dto: DisableTotpDto, @Req() req: FastifyRequest): Promise<void> {
    await this.passwords.confirmPassword(caller, req.ip, dto.currentPassword);
    await this.enrollment.disable(caller.id, dto.code, requestOrigin(req, caller));
  }

  @CredentialEndpoint()
  @Post('recovery-codes')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Renew the recovery codes', description: 'Needs the current password; a new set of 10, the old set dead at once.' })
  @ApiOkResponse({ type: RecoveryCodesResponseDto })
  @ApiUnauthorizedResponse(WRONG_PASSWORD)
  @ApiConflictResponse({ description: 'AUTH_MFA_NOT_ENABLED: no second factor is on' })
  async renewRecoveryCodes(
    @CurrentUser() caller: AuthUser,
    @Body() dto: CurrentPasswordDto,
    @Req() req: FastifyRequest,
  ): Promise<RecoveryCodesResponseDto> {
    const user = await this.passwords.confirmPassword(caller, req.ip, dto.currentPassword);
    return { recoveryCodes: await this.enrollment.renewRecoveryCodes(user, requestOrigin(req, caller)) };
  }
}
