import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ExtractJwt } from 'passport-jwt';
import { Errors } from '../../common/domain-error.js';
import type { AuthUser } from '../auth-user.js';
import { AuthCookiesService } from '../cookies/auth-cookies.service.js';
import { IS_PUBLIC_KEY, OPTIONAL_AUTH_KEY } from '../decorators/public.decorator.js';
import { TOKEN_ON_REQUEST } from '../strategies/jwt.strategy.js';
import { AccessTokenEnvelopeService } from '../tokens/access-token-envelope.service.js';

interface GuardedRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  user?: AuthUser;
  [TOKEN_ON_REQUEST]?: string;
}

const fromBearerHeader = ExtractJwt.fromAuthHeaderAsBearerToken();

/** Global guard: every route needs a valid access token unless it says @Public() or @OptionalAuth(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly envelope: AccessTokenEnvelopeService,
    private readonly cookies: AuthCookiesService,
  ) {
    super();
  }

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
      const allowed = (await super.canActivate(context)) as boolean;
      this.cookies.assertCsrfIfCookieAuthenticated(request);
      return allowed;
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

  handleRequest<TUser = AuthUser>(err: unknown, user: TUser | false, _info: unknown, context: ExecutionContext): TUser {
    if (err) throw err;
    if (!user) {
      const request = context.switchToHttp().getRequest<GuardedRequest>();
      throw this.cookies.credentialSent(request) ? Errors.tokenInvalid() : Errors.tokenMissing();
    }
    return user;
  }
}

function isServiceUnavailable(error: unknown): boolean {
  return (error as { status?: number })?.status === 503;
}
