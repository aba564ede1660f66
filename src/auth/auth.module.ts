import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { UsersModule } from '../users/users.module.js';
import { AdminBootstrapService } from './admin-bootstrap.service.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { AuthCookiesService } from './cookies/auth-cookies.service.js';
import { JwtAuthGuard } from './guards/jwt-auth.guard.js';
import { RolesGuard } from './guards/roles.guard.js';
import { JwksController } from './keys/jwks.controller.js';
import { SigningKeysService } from './keys/signing-keys.service.js';
import { PasswordHasherService } from './passwords/password-hasher.service.js';
import { SessionsModule } from './sessions/sessions.module.js';
import { AuthEventsModule } from './events/auth-events.module.js';
import { LoginAttemptsModule } from './login-attempts/login-attempts.module.js';
import { CredentialThrottlerGuard } from './throttling/credential-throttler.guard.js';
import { ThrottlingModule } from './throttling/throttling.module.js';
import { JwtStrategy } from './strategies/jwt.strategy.js';
import { AccessTokenEnvelopeService } from './tokens/access-token-envelope.service.js';
import { AccessTokenService } from './tokens/access-token.service.js';

@Module({
  // Keys are passed per call as prepared KeyObjects (SigningKeysService), so JwtModule needs no secret here.
  imports: [PassportModule, JwtModule.register({}), UsersModule, SessionsModule, LoginAttemptsModule, AuthEventsModule, ThrottlingModule],
  controllers: [AuthController, JwksController],
  providers: [
    AuthService,
    AccessTokenService,
    AccessTokenEnvelopeService,
    SigningKeysService,
    PasswordHasherService,
    AdminBootstrapService,
    AuthCookiesService,
    JwtStrategy,
    // Order matters: throttle credential routes first, then authenticate, then check roles.
    // New routes are protected by default.
    { provide: APP_GUARD, useClass: CredentialThrottlerGuard },
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [SigningKeysService, AccessTokenService, AccessTokenEnvelopeService, PasswordHasherService],
})
export class AuthModule {}
