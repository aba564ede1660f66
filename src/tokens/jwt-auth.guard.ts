import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type AuthUser, IS_PUBLIC_KEY, OPTIONAL_AUTH_KEY } from '../authorization/index.js';
import { ApiKeyAuthenticator } from '../api-keys/index.js';
import { AccessTokenVerifier } from './access-token-verifier.js';
import type { CookieRequest } from './cookie-credentials.service.js';
import { type ForwardedRequest, ForwardedRequests } from './forwarded-request.js';
import { AuthorizationErrors } from '../authorization/index.js';
import { TokenVerificationCounts } from './token-verification-counts.js';
import { PerRoute } from '../common/index.js';

const FORWARD_AUTH_KEY = 'gatehouse:forwardAuth';

type GuardedRequest = CookieRequest & ForwardedRequest & { ip?: string; user?: AuthUser };

/** A forward-auth route (GET /auth/verify): CSRF judges the method the proxy is checking, not this GET. */
export const ForwardAuth = () => SetMetadata(FORWARD_AUTH_KEY, true);

/**
 * Global guard: every route needs a good access token unless it says @Public() or @OptionalAuth(). The decision is
 * AccessTokenVerifier's; this guard only reads the route's metadata and puts the caller on the request. It calls this
 * app's verifier directly rather than passport by name, so two apps in one process (tests, a multi-tenant host) never
 * check tokens with each other's keys or revocations, and the hot path skips passport's per-request wrapper.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  private readonly route: PerRoute<{ optional: boolean; isPublic: boolean; forwardAuth: boolean }>;

  constructor(
    reflector: Reflector,
    private readonly verifier: AccessTokenVerifier,
    private readonly forwarded: ForwardedRequests,
    private readonly apiKeys: ApiKeyAuthenticator,
    private readonly counts: TokenVerificationCounts = new TokenVerificationCounts(),
  ) {
    this.route = new PerRoute((targets) => ({
      optional: reflector.getAllAndOverride<boolean>(OPTIONAL_AUTH_KEY, targets) === true,
      isPublic: reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets) === true,
      forwardAuth: reflector.getAllAndOverride<boolean>(FORWARD_AUTH_KEY, targets) === true,
    }));
  }

  /**
   * A boolean when the answer is at hand (a public route, a bearer token already verified or a bare JWS), a promise
   * only when the credential needs one (an API key's lookup, an encrypted token's decryption): Nest awaits neither a
   * boolean nor, then, the guard, and on node 20 every promise a request creates also runs AsyncLocalStorage's hook.
   */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const { optional, isPublic, forwardAuth } = this.route.of(context);
    if (!optional && isPublic) return true;
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    // A CORS preflight relayed by a trusted proxy carries no credential by design; the route answers it anonymously.
    if (forwardAuth && this.forwarded.isPreflight(request)) return true;
    let user: AuthUser | undefined | Promise<AuthUser | undefined>;
    try {
      user = this.authenticate(request, forwardAuth);
    } catch (error) {
      return this.refused(request, error, optional);
    }
    if (user instanceof Promise) {
      return user.then(
        (found) => this.accepted(request, found, optional),
        (error: unknown) => this.refused(request, error, optional),
      );
    }
    return this.accepted(request, user, optional);
  }

  private accepted(request: GuardedRequest, user: AuthUser | undefined, optional: boolean): boolean {
    request.user = user;
    this.counts.byOutcome[user ? 'valid' : 'missing']++;
    if (user?.apiKey) this.counts.apiKeyUses++;
    if (!user && !optional) throw AuthorizationErrors.tokenMissing();
    return true;
  }

  private refused(request: GuardedRequest, error: unknown, optional: boolean): boolean {
    this.counts.byOutcome[isServiceUnavailable(error) ? 'unavailable' : 'invalid']++;
    // An optional-auth route treats a bad credential as none, but never hides an outage (503) behind "anonymous".
    if (!optional || isServiceUnavailable(error)) throw error;
    request.user = undefined;
    return true;
  }

  /** Two credential types, one decision each: an X-API-Key goes to the key authenticator, anything else to the verifier. */
  private authenticate(request: GuardedRequest, forwardAuth: boolean): AuthUser | undefined | Promise<AuthUser | undefined> {
    const apiKey = request.headers['x-api-key'];
    if (apiKey === undefined) return this.verifier.authenticateNow(request, { forwardAuth });
    // One credential per request: a key beside a bearer token is ambiguous, so neither is used.
    if (request.headers.authorization !== undefined) throw AuthorizationErrors.tokenInvalid();
    const userAgent = request.headers['user-agent'];
    return this.apiKeys.authenticate(apiKey, { ip: request.ip, userAgent: typeof userAgent === 'string' ? userAgent : undefined });
  }
}

function isServiceUnavailable(error: unknown): boolean {
  return (error as { status?: number })?.status === 503;
}
