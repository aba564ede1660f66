import { type Actor, userActor } from '../../events/index.js';
import type { AuditRecord } from '../audit-record.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EventClass<E> = abstract new (...args: any[]) => E;

/**
 * How one domain event class becomes an audit row. `withoutWrite`: the event changes nothing in the database (a failed
 * login, a lockout), so it is appended later in a batch and never slows or fails the request; every other event is
 * appended in the transaction of the write that caused it (`inTransaction`), or in its own, awaited, when its write is
 * not in the database (a key file).
 */
export interface AuditEntry<E extends object = object> {
  event: EventClass<E>;
  record: (event: E) => AuditRecord;
  withoutWrite?: boolean;
}

export const entry = <E extends object>(event: EventClass<E>, record: (event: E) => AuditRecord, withoutWrite = false): AuditEntry =>
  ({ event, record, withoutWrite }) as unknown as AuditEntry;

/** A flow's `self` actor is the subject acting on its own account. */
export function self(actor: Actor | 'self', userId: string): Actor {
  return actor === 'self' ? userActor(userId) : actor;
}
