import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentUser, type AuthUser, Role, Roles } from '../authorization/index.js';
import { type Page, PageQueryDto } from '../common/index.js';
import { ApiPageResponse } from '../openapi/index.js';
import { AuditQueryService } from './audit-query.service.js';
import { AuditVerifierService } from './audit-verifier.service.js';
import { AuditEventQueryDto } from './dto/audit-event-query.dto.js';
import { AuditEventResponseDto } from './dto/audit-event-response.dto.js';
import { AuditVerifyResponseDto } from './dto/audit-verify-response.dto.js';

const toPage = (page: Page<Parameters<typeof AuditEventResponseDto.from>[0]>): Page<AuditEventResponseDto> => ({
  ...page,
  items: page.items.map((row) => AuditEventResponseDto.from(row)),
});

@ApiTags('audit')
@ApiBearerAuth()
@Roles(Role.Admin)
@Controller('audit-events')
@ApiUnauthorizedResponse({ description: 'No usable token' })
@ApiForbiddenResponse({ description: 'Not an admin' })
export class AuditController {
  constructor(
    private readonly query: AuditQueryService,
    private readonly verifier: AuditVerifierService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Search the audit trail',
    description: 'Security events newest first, filtered by type, actor, subject and time range (`from` inclusive, `to` exclusive).',
  })
  @ApiPageResponse(AuditEventResponseDto, 'A page of audit events')
  @ApiBadRequestResponse({ description: 'Bad filter or paging; `AUDIT_BAD_TIME_RANGE` when `from` is not before `to`' })
  async search(@Query() query: AuditEventQueryDto): Promise<Page<AuditEventResponseDto>> {
    return toPage(await this.query.search(query));
  }

  @Get('verify')
  @ApiOperation({
    summary: 'Verify the audit hash chain',
    description: 'Recomputes every hash from the pruning checkpoint to the head and names the first row that was edited, deleted or moved.',
  })
  @ApiOkResponse({ type: AuditVerifyResponseDto })
  verify(): Promise<AuditVerifyResponseDto> {
    return this.verifier.verify();
  }
}

@ApiTags('auth')
@ApiBearerAuth()
@Controller('auth')
export class ActivityController {
  constructor(private readonly query: AuditQueryService) {}

  @Get('activity')
  @ApiOperation({
    summary: "The caller's own security activity",
    description: 'Sign-ins with IP and user agent, password changes, logouts, role and status changes of this account, newest first.',
  })
  @ApiPageResponse(AuditEventResponseDto, "A page of the caller's security events")
  @ApiBadRequestResponse({ description: 'Bad paging' })
  @ApiUnauthorizedResponse({ description: 'No usable token' })
  async activity(@CurrentUser() caller: AuthUser, @Query() query: PageQueryDto): Promise<Page<AuditEventResponseDto>> {
    return toPage(await this.query.activity(caller.id, query.page, query.limit));
  }
}
