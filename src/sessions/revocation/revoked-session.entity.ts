import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A revoked session id kept until its last access token has expired; reloaded into memory on start. */
@Entity('revoked_sessions')
export class RevokedSession {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  sid: string;

  @Column({ type: Date })
  expiresAt: Date;
}
