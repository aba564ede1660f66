import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../common/index.js';

/** The failures of the audit endpoints that the API promises to clients. */
export const AuditErrors = {
  badTimeRange: () => new DomainError('AUDIT_BAD_TIME_RANGE', HttpStatus.BAD_REQUEST, '`from` must be before `to`'),
};
