import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport';
import type { AuthUser } from '../authorization/index.js';
import type { CookieRequest } from './cookie-credentials.service.js';
import { AccessTokenVerifier } from './access-token-verifier.js';

/**
 * The Passport face of AccessTokenVerifier, registered as 'jwt' for code that uses `AuthGuard('jwt')` from
 * @nestjs/passport: the same decision as the global guard, nothing decided here. Passport's registry is per process,
 * so with two apps in one process `AuthGuard('jwt')` would use the last app's strategy; Gatehouse's own global guard
 * calls the verifier directly for that reason.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(private readonly verifier: AccessTokenVerifier) {
    super();
  }

  /** Passport's verify callback: the verifier has decided; there is nothing to add. */
  validate(user: AuthUser): AuthUser {
    return user;
  }

  authenticate(request: CookieRequest): void {
    this.verifier.authenticate(request).then(
      (user) => (user ? this.success(user) : this.fail('Bearer realm="gatehouse"', 401)),
      (error: { status?: number }) =>
        error?.status === 503 ? this.error(error) : this.fail('Bearer realm="gatehouse", error="invalid_token"', error?.status ?? 401),
    );
  }
}
