import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Role } from '../../authorization/index.js';

@Entity('users')
export class User {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** Stored in one normal form (normalizeEmail: NFKC, case folded), so uniqueness ignores case and Unicode compatibility forms. */
  @Column({ type: 'varchar', length: 254, unique: true })
  email: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  displayName: string | null;

  @Column({ type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'simple-array' })
  roles: Role[];

  @Column({ type: 'boolean', default: false })
  disabled: boolean;

  /** A second factor (confirmed TOTP or a passkey) is on: a password alone no longer opens a session. Kept by `mfa`. */
  @Column({ type: 'boolean', default: false })
  mfaEnabled: boolean;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
