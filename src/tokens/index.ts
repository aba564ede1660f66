// Issuing and verifying access tokens; other modules use these and nothing deeper.
export { AccessTokenVerifier, type PresentedCredential } from './access-token-verifier.js';
export { AccessTokenService } from './access-token.service.js';
export { CookieCredentialsService, CSRF_HEADER, type CookieRequest } from './cookie-credentials.service.js';
export { JwtAuthGuard } from './jwt-auth.guard.js';
export { JwtStrategy } from './jwt.strategy.js';
export { rotateSigningKey } from './keys/key-rotation.js';
export { SigningKeysService } from './keys/signing-keys.service.js';
export { TokensModule } from './tokens.module.js';
export { TokenErrors } from './token.errors.js';
export { SigningKeyRotated } from './keys/key.events.js';
export { TokenVerificationCounts, type TokenVerificationOutcome } from './token-verification-counts.js';
