import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SessionsModule } from '../sessions/index.js';
import { UsersModule } from '../users/index.js';
import { ApiKeyAuthenticator } from './api-key-authenticator.service.js';
import { ApiKeyRevocationListener } from './api-key-revocation.listener.js';
import { ApiKey } from './api-key.entity.js';
import { ApiKeysController } from './api-keys.controller.js';
import { ApiKeysService } from './api-keys.service.js';
import { ServiceAccountsController } from './service-accounts.controller.js';

/** API keys and service accounts; TokensModule imports it so that the global guard accepts X-API-Key. */
@Module({
  imports: [TypeOrmModule.forFeature([ApiKey]), UsersModule, SessionsModule],
  controllers: [ApiKeysController, ServiceAccountsController],
  providers: [ApiKeysService, ApiKeyAuthenticator, ApiKeyRevocationListener],
  exports: [ApiKeysService, ApiKeyAuthenticator],
})
export class ApiKeysModule {}
