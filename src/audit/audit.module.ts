import { Module } from '@nestjs/common';
import { AuditLogListener } from './audit-log.listener.js';

/** Listens to the domain events and writes the audit trail; nothing imports it but the app module. */
@Module({ providers: [AuditLogListener] })
export class AuditModule {}
