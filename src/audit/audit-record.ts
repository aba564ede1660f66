import { randomUUID } from 'node:crypto';
import { actorLabel, type Actor } from '../events/index.js';
import type { ChainedFields } from './audit-chain.js';

/** A detail value: ids, counts, flags, role names. Never a secret (password, token, key, code) or an e-mail. */
export type AuditDetail = string | number | boolean | null | readonly string[];

/** What an event becomes in the audit trail, before it gets its place in the chain. */
export interface AuditRecord {
  type: string;
  /** `self` reads as the subject acting on its own account (a registration). */
  actor: Actor | { kind: 'service'; id: string };
  subjectId?: string;
  sessionId?: string;
  ip?: string;
  userAgent?: string;
  outcome: 'success' | 'failure' | 'refused';
  details?: Record<string, AuditDetail | undefined>;
}

/** A record with its id and time, as it waits for a place in the chain (the time is the event's, not the append's). */
export type PendingAuditRow = Omit<ChainedFields, 'seq'>;

export function pendingRow(record: AuditRecord, at = Date.now()): PendingAuditRow {
  const actor = record.actor;
  return {
    id: randomUUID(),
    at,
    type: record.type,
    actorType: actor.kind,
    actorId: actor.kind === 'service' ? actor.id : actorLabel(actor),
    subjectId: record.subjectId ?? null,
    sessionId: record.sessionId ?? null,
    ip: record.ip?.slice(0, 64) ?? null,
    userAgent: record.userAgent?.slice(0, 256) ?? null,
    outcome: record.outcome,
    details: JSON.stringify(sortedDetails(record.details ?? {})),
  };
}

function sortedDetails(details: Record<string, AuditDetail | undefined>): Record<string, AuditDetail> {
  const out: Record<string, AuditDetail> = {};
  for (const key of Object.keys(details).sort()) if (details[key] !== undefined) out[key] = details[key];
  return out;
}
