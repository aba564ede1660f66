import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A WebAuthn challenge handed out by any instance, finished on any other: single use (the row is deleted by the
 * request that consumes it) and short-lived. A challenge is not a secret; what matters is that it is used once.
 */
@Entity('webauthn_challenges')
export class WebAuthnChallenge {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 128 })
  challenge: string;

  @Column({ type: 'varchar', length: 16 })
  purpose: 'registration' | 'authentication';

  /** The user a registration is for, or whom an authentication is bound to (null: any discoverable credential). */
  @Column({ type: 'varchar', length: 36, nullable: true })
  userId: string | null;

  @Index()
  @Column({ type: Date })
  expiresAt: Date;
}
