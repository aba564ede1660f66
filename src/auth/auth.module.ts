import { Module } from '@nestjs/common';
import { LoginAttemptsModule } from '../abuse/index.js';
import { SessionsModule } from '../sessions/index.js';
import { TokensModule } from '../tokens/index.js';
import { UsersModule } from '../users/index.js';
import { MfaModule, PASSWORD_CONFIRMATION, TotpController } from '../mfa/index.js';
import { AdminBootstrapService } from './admin-bootstrap.service.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { PasswordHasherService } from './passwords/password-hasher.service.js';
import { ProfileCache } from './profile-cache.js';
import { TokenDeliveryService } from './token-delivery.service.js';

/** The credential flows: register, login, refresh, password change, me, logout, and the start-up admin. */
@Module({
  imports: [UsersModule, SessionsModule, TokensModule, LoginAttemptsModule, MfaModule],
  // TotpController is mfa's, registered here because its password check is ours (PASSWORD_CONFIRMATION).
  controllers: [AuthController, TotpController],
  providers: [
    AuthService,
    PasswordHasherService,
    AdminBootstrapService,
    TokenDeliveryService,
    ProfileCache,
    { provide: PASSWORD_CONFIRMATION, useExisting: AuthService },
  ],
  exports: [PasswordHasherService],
})
export class AuthModule {}
