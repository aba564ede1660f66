import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditBatchAppender } from './audit-batch-appender.js';
import { AuditChainAppender } from './audit-chain-appender.js';
import { AuditEvent } from './audit-event.entity.js';
import { AuditLogListener } from './audit-log.listener.js';
import { AuditQueryService } from './audit-query.service.js';
import { AuditRetentionService } from './audit-retention.service.js';
import { AuditTrailListener } from './audit-trail.listener.js';
import { AuditVerifierService } from './audit-verifier.service.js';
import { ActivityController, AuditController } from './audit.controller.js';

/**
 * The audit trail: log lines and the hash-chained `audit_events` table, both fed by the domain events; the admins'
 * search and verification, and a user's own activity.
 */
@Module({
  imports: [TypeOrmModule.forFeature([AuditEvent])],
  controllers: [AuditController, ActivityController],
  providers: [
    AuditLogListener,
    AuditChainAppender,
    AuditBatchAppender,
    AuditTrailListener,
    AuditVerifierService,
    AuditRetentionService,
    AuditQueryService,
  ],
  exports: [AuditVerifierService, AuditBatchAppender, AuditRetentionService],
})
export class AuditModule {}
