import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { Errors } from '../../common/domain-error.js';
import type { AuthUser } from '../auth-user.js';
import { AuthCookiesService } from '../cookies/auth-cookies.service.js';
import { IS_PUBLIC_KEY, OPTIONAL_AUTH_KEY } from '../decorators/public.decorator.js';

interface GuardedRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  user?: AuthUser;
}

/** Global guard: every route needs a valid access token unless it says @Public() or @OptionalAuth(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly cookies: AuthCookiesService,
  ) {
    super();
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const optional = this.reflector.getAllAndOverride<boolean>(OPTIONAL_AUTH_KEY, targets);
    if (!optional && this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const credentialSent = this.cookies.adoptAccessToken(request);
    if (optional && !credentialSent) return true;
    try {
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
