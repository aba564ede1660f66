import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../../users/index.js';

/** A user's TOTP secret, AES-256-GCM ciphertext only; pending until `confirmedAt`. */
@Entity('totp_factors')
export class TotpFactor {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId' })
  user?: User;

  /** `v2.<key id>.<iv>.<ciphertext>.<tag>` (base64url; `v1` values have no key id), bound to the user id as associated data. */
  @Column({ type: 'varchar', length: 255 })
  secret: string;

  @Column({ type: Date, nullable: true })
  confirmedAt: Date | null;

  /** The 30-second step of the last accepted code: a code of that step or an earlier one is a replay. */
  @Column({ type: 'integer', nullable: true })
  lastUsedStep: number | null;

  @CreateDateColumn()
  createdAt: Date;
}
