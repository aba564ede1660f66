import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../common/index.js';
import type { ChainVerdict } from './audit-verifier.service.js';

/** The failures of the audit endpoints that the API promises to clients. */
export const AuditErrors = {
  chainBroken: (verdict: ChainVerdict) =>
    new DomainError(
      'AUDIT_CHAIN_BROKEN',
      HttpStatus.CONFLICT,
      verdict.firstBrokenId
        ? `audit chain broken at seq ${verdict.firstBrokenSeq} (id ${verdict.firstBrokenId}): ${verdict.reason}`
        : `audit chain broken: ${verdict.reason}`,
    ),
  badTimeRange: () => new DomainError('AUDIT_BAD_TIME_RANGE', HttpStatus.BAD_REQUEST, '`from` must be before `to`'),
};
