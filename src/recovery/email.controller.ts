import { Body, Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
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
import { type AuthUser, CurrentUser, NoApiKey, Public } from '../authorization/index.js';
import { UserResponseDto } from '../users/index.js';
import { ChangeEmailDto } from './dto/change-email.dto.js';
import { LinkTokenDto } from './dto/link-token.dto.js';
import { EmailChangeService } from './email-change.service.js';
import { EmailVerificationService } from './email-verification.service.js';
import { contextOf } from './recovery-request.js';

const ACCEPTED = { schema: { type: 'object', example: {} } };

@ApiTags('account recovery')
@Controller('auth/email')
export class EmailController {
  constructor(
    private readonly verification: EmailVerificationService,
    private readonly change: EmailChangeService,
  ) {}

  @Public()
  @CredentialEndpoint()
  @Post('verify')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Verify the e-mail address with a link', description: 'Sets emailVerified; the link works once.' })
  @ApiNoContentResponse({ description: 'Verified' })
  @ApiBadRequestResponse({ description: 'AUTH_VERIFY_TOKEN_INVALID (unknown, expired, used, superseded, or sent to an old address)' })
  async verify(@Body() dto: LinkTokenDto, @Req() req: FastifyRequest): Promise<void> {
    await this.verification.verify(dto.token, contextOf(req));
  }

  @ApiBearerAuth()
  @Post('verify/resend')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Send a new verification link',
    description: 'Older links die. An address that is already verified gets nothing (still 202).',
  })
  @ApiAcceptedResponse({ description: 'A new link is on its way', ...ACCEPTED })
  @ApiUnauthorizedResponse({ description: 'No usable token' })
  @ApiTooManyRequestsResponse({ description: 'AUTH_RATE_LIMITED: RECOVERY_MAILS_PER_ACCOUNT links within the hour; see Retry-After' })
  async resend(@CurrentUser() caller: AuthUser, @Req() req: FastifyRequest): Promise<Record<string, never>> {
    await this.verification.resend(caller.id, contextOf(req));
    return {};
  }

  @ApiBearerAuth()
  @NoApiKey()
  @CredentialEndpoint()
  @Post('change')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Ask to move the account to another address',
    description:
      'Needs the current password (a wrong one counts toward the lockout). A confirmation link (EMAIL_CHANGE_TTL) goes to the new address.',
  })
  @ApiAcceptedResponse({ description: 'A confirmation link is on its way to the new address', ...ACCEPTED })
  @ApiBadRequestResponse({ description: 'Invalid body, or AUTH_EMAIL_UNCHANGED (the current address)' })
  @ApiUnauthorizedResponse({ description: 'AUTH_WRONG_PASSWORD, or no usable token' })
  @ApiConflictResponse({ description: 'AUTH_EMAIL_TAKEN: another account has the address' })
  @ApiTooManyRequestsResponse({ description: 'AUTH_RATE_LIMITED or AUTH_LOGIN_LOCKED; see Retry-After' })
  async requestChange(@CurrentUser() caller: AuthUser, @Body() dto: ChangeEmailDto, @Req() req: FastifyRequest): Promise<Record<string, never>> {
    await this.change.request(caller, dto.newEmail, dto.currentPassword, contextOf(req));
    return {};
  }

  @Public()
  @CredentialEndpoint()
  @Post('change/confirm')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Confirm the new address with its link',
    description:
      'The account takes the new (verified) address, every session but the one that asked is revoked, and a notice goes to the old address.',
  })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiBadRequestResponse({ description: 'AUTH_EMAIL_TOKEN_INVALID (unknown, expired, used or superseded link)' })
  @ApiConflictResponse({ description: 'AUTH_EMAIL_TAKEN: another account took the address first' })
  async confirmChange(@Body() dto: LinkTokenDto, @Req() req: FastifyRequest): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.change.confirm(dto.token, contextOf(req)));
  }
}
