import { Column, Entity, Index, PrimaryColumn, type ValueTransformer } from 'typeorm';

/** PostgreSQL returns bigint as a string; the chain's canonical form needs the number back. */
export const bigintNumber: ValueTransformer = { to: (v: number) => v, from: (v: string | number | null) => (v === null ? null : Number(v)) };

/**
 * One row of the audit trail. `seq` is the row's place in the hash chain (assigned under the chain head's lock, never
 * reused), `hash` = SHA-256 (or HMAC-SHA-256 with AUDIT_HMAC_KEY) of the previous row's hash and this row's canonical
 * form (audit-chain.ts). `details` is JSON text, hashed as stored, and never holds a secret.
 */
@Entity('audit_events')
@Index(['type', 'at'])
@Index(['actorId', 'at'])
@Index(['subjectId', 'at'])
export class AuditEvent {
  @PrimaryColumn({ type: 'bigint', transformer: bigintNumber })
  seq: number;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 36 })
  id: string;

  /** Milliseconds since the epoch. */
  @Index()
  @Column({ type: 'bigint', transformer: bigintNumber })
  at: number;

  @Column({ type: 'varchar', length: 64 })
  type: string;

  /** `user`, `service`, `operator-cli` or `system`. */
  @Column({ type: 'varchar', length: 16 })
  actorType: string;

  /** A user id, or `operator-cli` / `system`. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  subjectId: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  sessionId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ type: 'varchar', length: 256, nullable: true })
  userAgent: string | null;

  /** `success`, `failure` or `refused`. */
  @Column({ type: 'varchar', length: 16 })
  outcome: string;

  @Column({ type: 'text' })
  details: string;

  @Column({ type: 'varchar', length: 64 })
  hash: string;
}

/**
 * The single row (id 1) every append locks and moves: the chain's last seq and hash, and the checkpoint of pruning
 * (the seq and hash of the last row retention deleted), from which verification starts.
 */
@Entity('audit_chain')
export class AuditChainHead {
  @PrimaryColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'bigint', transformer: bigintNumber })
  lastSeq: number;

  @Column({ type: 'varchar', length: 64 })
  lastHash: string;

  @Column({ type: 'bigint', transformer: bigintNumber })
  prunedThroughSeq: number;

  @Column({ type: 'varchar', length: 64 })
  prunedHash: string;
}
