import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AuthUser } from './auth-user.js';
import { AuthorizationErrors } from './authorization.errors.js';
import { ROLES_KEY } from './roles.decorator.js';
import { Role, satisfiesRoles } from './role.js';
import { REQUIRE_MFA_KEY, REQUIRE_RECENT_AUTH_KEY } from './second-factor.decorators.js';

type ReflectTargets = [ReturnType<ExecutionContext['getHandler']>, ReturnType<ExecutionContext['getClass']>];

/**
 * @RequireMfa() and @RequireRecentAuth(), after RolesGuard. `adminRequireMfa` (ADMIN_REQUIRE_MFA) treats every
 * route that only admins may call as @RequireMfa().
 */
@Injectable()
export class SecondFactorGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly adminRequireMfa: boolean,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets: ReflectTargets = [context.getHandler(), context.getClass()];
    const maxAge = this.reflector.getAllAndOverride<number | undefined>(REQUIRE_RECENT_AUTH_KEY, targets);
    const needsMfa = this.reflector.getAllAndOverride<boolean | undefined>(REQUIRE_MFA_KEY, targets) === true || this.isAdminRoute(targets);
    if (!needsMfa && maxAge === undefined) return true;
    const user = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (!user) throw AuthorizationErrors.tokenMissing();
    if (needsMfa && !user.amr?.includes('mfa')) throw AuthorizationErrors.mfaRequired();
    if (maxAge !== undefined && (user.authTime === undefined || Date.now() / 1000 - user.authTime > maxAge)) {
      throw AuthorizationErrors.reauthRequired();
    }
    return true;
  }

  /** A route no editor may call: its @Roles() asks for admin only. */
  private isAdminRoute(targets: ReflectTargets): boolean {
    if (!this.adminRequireMfa) return false;
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    return !!required && required.length > 0 && !satisfiesRoles([Role.Editor], required);
  }
}
