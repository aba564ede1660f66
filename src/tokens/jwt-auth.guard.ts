import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExtractJwt } from 'passport-jwt';
import { Errors } from '../common/index.js';
import { type AuthUser, IS_PUBLIC_KEY, OPTIONAL_AUTH_KEY } from '../authorization/index.js';
import { AuthCookiesService } from './auth-cookies.service.js';
import { JwtStrategy, TOKEN_ON_REQUEST } from './jwt.strategy.js';
import { AccessTokenEnvelopeService } from './access-token-envelope.service.js';

interface GuardedRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  user?: AuthUser;
  [TOKEN_ON_REQUEST]?: string;
}

const fromBearerHeader = ExtractJwt.fromAuthHeaderAsBearerToken();

interface StrategyOutcome {
  success(user: AuthUser): void;
  fail(): void;
  error(error: unknown): void;
}

/**
 * Global guard: every route needs a valid access token unless it says @Public() or @OptionalAuth().
 * It runs this app's JwtStrategy instance directly rather than through passport's process-wide registry by name,
 * so two apps in one process (tests, a multi-tenant host) never check tokens with each other's keys or revocations,
 * and the hot path skips passport's per-request wrapper.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly envelope: AccessTokenEnvelopeService,
    private readonly cookies: AuthCookiesService,
    private readonly strategy: JwtStrategy,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const optional = this.reflector.getAllAndOverride<boolean>(OPTIONAL_AUTH_KEY, targets);
    if (!optional && this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    // The cookie token (cookie mode, no Authorization header) goes where the strategy's extractor reads first.
    const credentialSent = this.cookies.adoptAccessToken(request);
    if (optional && !credentialSent) return true;
    try {
      await this.openEnvelope(request);
      const user = await this.verify(request);
      if (!user) throw this.cookies.credentialSent(request) ? Errors.tokenInvalid() : Errors.tokenMissing();
      request.user = user;
      this.cookies.assertCsrfIfCookieAuthenticated(request, user.sid);
      return true;
    } catch (error) {
      if (optional && !isServiceUnavailable(error)) {
        request.user = undefined;
        return true;
      }
      throw error;
    }
  }

  /** passport-jwt only knows JWS: a JWE is opened here and its inner token left where the strategy's extractor reads it. */
  private async openEnvelope(request: GuardedRequest): Promise<void> {
    const token = request[TOKEN_ON_REQUEST] ?? fromBearerHeader(request as never);
    if (!token) return;
    const inner = await this.envelope.open(token);
    if (inner === undefined) throw Errors.tokenInvalid();
    request[TOKEN_ON_REQUEST] = inner;
  }

  /** One passport authentication attempt on this app's strategy: the user, false when refused, or a thrown error (503). */
  private verify(request: GuardedRequest): Promise<AuthUser | false> {
    return new Promise((resolve, reject) => {
      const attempt = Object.create(this.strategy) as JwtStrategy & StrategyOutcome;
      attempt.success = resolve;
      attempt.fail = () => resolve(false);
      attempt.error = reject;
      attempt.authenticate(request as never, {});
    });
  }
}

function isServiceUnavailable(error: unknown): boolean {
  return (error as { status?: number })?.status === 503;
}
