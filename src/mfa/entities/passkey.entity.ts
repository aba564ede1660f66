import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../../users/index.js';

// PostgreSQL returns bigint as a string; WebAuthn counters are 32-bit unsigned, so a number holds them exactly.
const bigintAsNumber = { to: (value: number) => value, from: (value: string | number) => Number(value) };

/** A registered WebAuthn credential: its public key (not a secret), its sign counter, and what the user called it. */
@Entity('passkeys')
export class Passkey {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId' })
  user?: User;

  /** base64url, as the browser reports it. */
  @Column({ type: 'varchar', length: 512, unique: true })
  credentialId: string;

  /** COSE public key, base64url. */
  @Column({ type: 'text' })
  publicKey: string;

  @Column({ type: 'bigint', default: 0, transformer: bigintAsNumber })
  counter: number;

  /** `singleDevice` (a hardware-bound key: amr `hwk`) or `multiDevice` (a synced passkey: amr `swk`). */
  @Column({ type: 'varchar', length: 16 })
  deviceType: string;

  @Column({ type: 'boolean', default: false })
  backedUp: boolean;

  @Column({ type: 'varchar', length: 255, nullable: true })
  transports: string | null;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @CreateDateColumn()
  createdAt: Date;

  @Column({ type: Date, nullable: true })
  lastUsedAt: Date | null;
}
