import { Module } from '@nestjs/common';
import { LoginAttemptsModule } from '../abuse/index.js';
import { SessionsModule } from '../sessions/index.js';
import { TokensModule } from '../tokens/index.js';
import { UsersModule } from '../users/index.js';
import { AdminBootstrapService } from './admin-bootstrap.service.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { PasswordHasherService } from './passwords/password-hasher.service.js';
import { TokenDeliveryService } from './token-delivery.service.js';

/** The credential flows: register, login, refresh, password change, me, logout, and the start-up admin. */
@Module({
  imports: [UsersModule, SessionsModule, TokensModule, LoginAttemptsModule],
  controllers: [AuthController],
  providers: [AuthService, PasswordHasherService, AdminBootstrapService, TokenDeliveryService],
  exports: [PasswordHasherService],
})
export class AuthModule {}
