import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../users/index.js';

export type RecoveryPurpose = 'password-reset' | 'email-verification' | 'email-change';

/**
 * A single-use link of the recovery flows, stored only as the SHA-256 of its token. `usedAt` set means spent: by
 * its use, or by a newer link of its kind (or a password reset) that killed it.
 */
@Entity('recovery_tokens')
@Index(['userId', 'purpose', 'createdAt'])
@Index(['requestIp', 'createdAt'])
export class RecoveryToken {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId' })
  user?: User;

  @Column({ type: 'varchar', length: 32 })
  purpose: RecoveryPurpose;

  @Column({ type: 'varchar', length: 64, unique: true })
  tokenHash: string;

  /** Where the link went: the account's address (reset, verification) or the new one (e-mail change). */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  /** E-mail change: the session that asked, which stays signed in when the change is confirmed. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  sessionId: string | null;

  /** Who asked, for the per-IP limit of reset mails. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  requestIp: string | null;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date })
  expiresAt: Date;

  @Column({ type: Date, nullable: true })
  usedAt: Date | null;
}
