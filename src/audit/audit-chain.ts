import { createHash, createHmac } from 'node:crypto';
import type { AuditEvent } from './audit-event.entity.js';

/** The hash before the first row ever written. */
export const GENESIS_HASH = '0'.repeat(64);

export type ChainedFields = Omit<AuditEvent, 'hash'>;

/**
 * The bytes a row's hash covers: every column but the hash, in a fixed order, as JSON (so no separator inside a value
 * can make two rows read alike). `seq` is included, so moving a row to another place breaks the chain there.
 */
export function canonicalRow(row: ChainedFields): string {
  return JSON.stringify([
    row.seq,
    row.id,
    row.at,
    row.type,
    row.actorType,
    row.actorId,
    row.subjectId,
    row.sessionId,
    row.ip,
    row.userAgent,
    row.outcome,
    row.details,
  ]);
}

/** hash = SHA-256(previous hash ‖ canonical row), or HMAC-SHA-256 under `key` so the database alone cannot re-chain. */
export function chainHash(previousHash: string, row: ChainedFields, key?: Buffer): string {
  const digest = key ? createHmac('sha256', key) : createHash('sha256');
  return digest.update(previousHash).update('\n').update(canonicalRow(row)).digest('hex');
}
