import { Body, Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiNoContentResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CredentialEndpoint } from '../abuse/index.js';
import { Public } from '../authorization/index.js';
import { ForgotPasswordDto } from './dto/forgot-password.dto.js';
import { ResetPasswordDto } from './dto/reset-password.dto.js';
import { PasswordResetService } from './password-reset.service.js';
import { contextOf } from './recovery-request.js';

@ApiTags('account recovery')
@Controller('auth/password')
export class PasswordResetController {
  constructor(private readonly resets: PasswordResetService) {}

  @Public()
  @CredentialEndpoint()
  @Post('forgot')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Ask for a password reset link',
    description:
      'Always 202 {} in the same time, whether the address is unknown, disabled, rate limited or real; a real, enabled ' +
      'account gets a single-use link (PASSWORD_RESET_TTL, default 1h) that kills its older ones. At most ' +
      'RECOVERY_MAILS_PER_ACCOUNT mails per account and RECOVERY_MAILS_PER_IP per client IP an hour, silently beyond.',
  })
  @ApiAcceptedResponse({ description: 'Accepted; the same answer for every address', schema: { type: 'object', example: {} } })
  @ApiBadRequestResponse({ description: 'Invalid body' })
  @ApiTooManyRequestsResponse({ description: 'AUTH_RATE_LIMITED: too many requests from this IP (AUTH_RATE_LIMIT); see Retry-After' })
  forgot(@Body() dto: ForgotPasswordDto, @Req() req: FastifyRequest): Record<string, never> {
    this.resets.requestInBackground(dto.email, contextOf(req));
    return {};
  }

  @Public()
  @CredentialEndpoint()
  @Post('reset')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Set a new password with a reset link',
    description:
      'Sets the password (the rules of registration), revokes every session of the account at once (refresh and access ' +
      'tokens), clears the login lockout for this client and the account, and kills every other reset link.',
  })
  @ApiNoContentResponse({ description: 'Password set; every session revoked' })
  @ApiBadRequestResponse({ description: 'AUTH_RESET_TOKEN_INVALID (unknown, expired, used, or superseded link), or an invalid body' })
  @ApiTooManyRequestsResponse({ description: 'AUTH_RATE_LIMITED; see Retry-After' })
  async reset(@Body() dto: ResetPasswordDto, @Req() req: FastifyRequest): Promise<void> {
    await this.resets.reset(dto.token, dto.newPassword, contextOf(req));
  }
}
