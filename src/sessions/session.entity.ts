import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../users/index.js';

/** One login: every access token carries its id as `sid`; its refresh tokens rotate within it. */
@Entity('sessions')
export class Session {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId' })
  user?: User;

  @CreateDateColumn()
  createdAt: Date;

  @Column({ type: Date })
  lastUsedAt: Date;

  /** Absolute end of the session (REFRESH_TOKEN_TTL from login); rotation never extends it. */
  @Column({ type: Date })
  expiresAt: Date;

  @Column({ type: Date, nullable: true })
  revokedAt: Date | null;

  /**
   * The latest `exp` ever signed for this session, recorded before the token is handed out: a revocation must last
   * until then, whatever ACCESS_TOKEN_TTL is now. Null only for sessions from before this column existed.
   */
  @Column({ type: Date, nullable: true })
  accessExpiresAt: Date | null;

  /** How the session was opened (RFC 8176 `amr`, comma-separated) and when: a refresh keeps both. Null: `pwd` at createdAt. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  amr: string | null;

  @Column({ type: Date, nullable: true })
  authTime: Date | null;

  @Column({ type: 'varchar', length: 256, nullable: true })
  userAgent: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;
}
