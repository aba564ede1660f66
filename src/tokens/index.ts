// Issuing and verifying access tokens; other modules use these and nothing deeper.
export { AccessTokenService } from './access-token.service.js';
export { AuthCookiesService } from './auth-cookies.service.js';
export { JwtAuthGuard } from './jwt-auth.guard.js';
export { JwtStrategy } from './jwt.strategy.js';
export { rotateSigningKey } from './keys/key-rotation.js';
export { SigningKeysService } from './keys/signing-keys.service.js';
export { TokensModule } from './tokens.module.js';
export { VerifyResponseDto } from './verify-response.dto.js';
