import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Between, type FindOptionsWhere, LessThan, MoreThanOrEqual, Repository } from 'typeorm';
import type { Page } from '../common/index.js';
import type { AuditEventQueryDto } from './dto/audit-event-query.dto.js';
import { AuditEvent } from './audit-event.entity.js';
import { AuditErrors } from './audit.errors.js';

/**
 * Reads of the audit trail, newest first by the time of the event (a batched failed login is appended after later
 * events, so its place in the chain is not its time): the admins' filtered search and a user's own activity.
 */
@Injectable()
export class AuditQueryService {
  constructor(@InjectRepository(AuditEvent) private readonly rows: Repository<AuditEvent>) {}

  async search(query: AuditEventQueryDto): Promise<Page<AuditEvent>> {
    const where: FindOptionsWhere<AuditEvent> = {};
    if (query.type) where.type = query.type;
    if (query.actorId) where.actorId = query.actorId;
    if (query.subjectId) where.subjectId = query.subjectId;
    const from = query.from ? Date.parse(query.from) : undefined;
    const to = query.to ? Date.parse(query.to) : undefined;
    if (from !== undefined && to !== undefined && from >= to) throw AuditErrors.badTimeRange();
    if (from !== undefined && to !== undefined) where.at = Between(from, to - 1);
    else if (from !== undefined) where.at = MoreThanOrEqual(from);
    else if (to !== undefined) where.at = LessThan(to);
    return this.page(where, query.page, query.limit);
  }

  /** The user's own events: what was done to their account or by it, newest first. */
  activity(userId: string, page: number, limit: number): Promise<Page<AuditEvent>> {
    return this.page({ subjectId: userId }, page, limit);
  }

  private async page(where: FindOptionsWhere<AuditEvent>, page: number, limit: number): Promise<Page<AuditEvent>> {
    const [items, total] = await this.rows.findAndCount({ where, order: { at: 'DESC', seq: 'DESC' }, skip: (page - 1) * limit, take: limit });
    return { items, total, page, limit };
  }
}
