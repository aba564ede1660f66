import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Role } from '../../authorization/index.js';

export type UserKind = 'person' | 'service';

@Entity('users')
export class User {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** Stored in one normal form (normalizeEmail: NFKC, case folded), so uniqueness ignores case and Unicode compatibility forms. */
  @Column({ type: 'varchar', length: 254, unique: true })
  email: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  displayName: string | null;

  /** Null for a service account: it has no password and cannot log in (it uses API keys). */
  @Column({ type: 'varchar', length: 255, nullable: true })
  passwordHash: string | null;

  /** `person` signs in; `service` is a machine client that authenticates only with API keys. */
  @Column({ type: 'varchar', length: 16, default: 'person' })
  kind: UserKind;

  @Column({ type: 'simple-array' })
  roles: Role[];

  @Column({ type: 'boolean', default: false })
  disabled: boolean;

  /** True once the owner followed a link sent to `email` (or an operator or start-up created the account). */
  @Column({ type: 'boolean', default: false })
  emailVerified: boolean;
  /** A second factor (confirmed TOTP or a passkey) is on: a password alone no longer opens a session. Kept by `mfa`. */
  @Column({ type: 'boolean', default: false })
  mfaEnabled: boolean;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
