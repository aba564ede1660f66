import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthEventsModule } from '../events/auth-events.module.js';
import { DatabaseRevocationStore } from '../revocation/database-revocation.store.js';
import { REVOCATION_STORE } from '../revocation/revocation-store.js';
import { RevokedSession } from '../revocation/revoked-session.entity.js';
import { RefreshToken } from './refresh-token.entity.js';
import { Session } from './session.entity.js';
import { SessionsService } from './sessions.service.js';

/** Sessions, refresh tokens and revocation; imported by AuthModule and UsersModule (admin revocation effects). */
@Module({
  imports: [TypeOrmModule.forFeature([Session, RefreshToken, RevokedSession]), AuthEventsModule],
  providers: [SessionsService, DatabaseRevocationStore, { provide: REVOCATION_STORE, useExisting: DatabaseRevocationStore }],
  exports: [SessionsService, REVOCATION_STORE],
})
export class SessionsModule {}
