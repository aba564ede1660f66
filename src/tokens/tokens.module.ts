import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ApiKeysModule } from '../api-keys/index.js';
import { SessionsModule } from '../sessions/index.js';
import { AccessTokenEnvelopeService } from './access-token-envelope.service.js';
import { AccessTokenVerifier } from './access-token-verifier.js';
import { AccessTokenService } from './access-token.service.js';
import { CookieCredentialsService } from './cookie-credentials.service.js';
import { ForwardedRequests } from './forwarded-request.js';
import { JwtAuthGuard } from './jwt-auth.guard.js';
import { JwtStrategy } from './jwt.strategy.js';
import { JwksController } from './keys/jwks.controller.js';
import { SigningKeysService } from './keys/signing-keys.service.js';
import { VerifyController } from './verify.controller.js';
import { TokenVerificationCounts } from './token-verification-counts.js';

/** Signing keys and JWKS, issuing access tokens, and the one path that decides whether a presented token is good. */
@Module({
  // Keys are passed per call as prepared KeyObjects (SigningKeysService), so JwtModule needs no secret here.
  imports: [PassportModule, JwtModule.register({}), SessionsModule, ApiKeysModule],
  controllers: [JwksController, VerifyController],
  providers: [
    SigningKeysService,
    AccessTokenService,
    AccessTokenEnvelopeService,
    AccessTokenVerifier,
    CookieCredentialsService,
    ForwardedRequests,
    JwtStrategy,
    JwtAuthGuard,
    TokenVerificationCounts,
  ],
  exports: [
    AccessTokenService,
    AccessTokenVerifier,
    CookieCredentialsService,
    ForwardedRequests,
    JwtAuthGuard,
    SigningKeysService,
    JwtStrategy,
    TokenVerificationCounts,
  ],
})
export class TokensModule {}
