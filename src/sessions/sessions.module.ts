import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule, getRepositoryToken } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { SecurityConfig } from '../config/index.js';
import { RedisService } from '../redis/index.js';
import { DatabaseRevocationStore } from './revocation/database-revocation.store.js';
import { RedisRevocationStore } from './revocation/redis-revocation.store.js';
import { REVOCATION_STORE, type RevocationStore } from './revocation/revocation-store.js';
import { RevokedSession } from './revocation/revoked-session.entity.js';
import { RefreshToken } from './refresh-token.entity.js';
import { Session } from './session.entity.js';
import { SessionsService } from './sessions.service.js';
import { UserSessionsListener } from './user-sessions.listener.js';

/** Sessions, refresh tokens and revocation; imported by AuthModule and TokensModule; it follows user changes through domain events. */
@Module({
  imports: [TypeOrmModule.forFeature([Session, RefreshToken, RevokedSession])],
  providers: [
    SessionsService,
    UserSessionsListener,
    {
      // With REDIS_URL every instance shares revocations through Redis; without it the database store serves one process.
      provide: REVOCATION_STORE,
      inject: [ConfigService, RedisService, getRepositoryToken(RevokedSession)],
      useFactory: (config: ConfigService, redis: RedisService, repo: Repository<RevokedSession>): RevocationStore =>
        redis.client
          ? new RedisRevocationStore(redis, config.getOrThrow<SecurityConfig>('security').revocationFailOpen)
          : new DatabaseRevocationStore(repo, config),
    },
  ],
  exports: [SessionsService, REVOCATION_STORE],
})
export class SessionsModule {}
