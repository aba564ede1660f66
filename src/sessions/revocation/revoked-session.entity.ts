import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One revocation of a session id, kept until the last access token of that session has expired; reloaded into memory
 * on start. Append-only: `seq` grows with every row, so another process's poll finds new rows by insertion order.
 */
@Entity('session_revocations')
export class RevokedSession {
  @PrimaryGeneratedColumn('increment')
  seq: number;

  @Column({ type: 'varchar', length: 36 })
  sid: string;

  @Column({ type: Date })
  expiresAt: Date;
}
