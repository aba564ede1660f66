export { AuditModule } from './audit.module.js';
export { AuditChainHead, AuditEvent } from './audit-event.entity.js';
export { AuditBatchAppender } from './audit-batch-appender.js';
export { AuditRetentionService } from './audit-retention.service.js';
export { AuditVerifierService, type ChainVerdict } from './audit-verifier.service.js';
export { AUDIT_CATALOG, type AuditEntry } from './audit-catalog.js';
export { canonicalRow, chainHash } from './audit-chain.js';
export { AuditErrors } from './audit.errors.js';
export { attachRequestContext } from './request-context.js';
