import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AuthUser } from './auth-user.js';
import { AuthorizationErrors } from './authorization.errors.js';
import { PerRoute } from '../common/index.js';
import { ROLES_KEY } from './roles.decorator.js';
import { Role, satisfiesRoles } from './role.js';
import { REQUIRE_MFA_KEY, REQUIRE_RECENT_AUTH_KEY } from './second-factor.decorators.js';

/**
 * @RequireMfa() and @RequireRecentAuth(), after RolesGuard. `adminRequireMfa` (ADMIN_REQUIRE_MFA) treats every
 * route that only admins may call as @RequireMfa().
 */
@Injectable()
export class SecondFactorGuard implements CanActivate {
  private readonly route: PerRoute<{ needsMfa: boolean; maxAge: number | undefined }>;

  constructor(reflector: Reflector, adminRequireMfa: boolean) {
    this.route = new PerRoute((targets) => ({
      maxAge: reflector.getAllAndOverride<number | undefined>(REQUIRE_RECENT_AUTH_KEY, targets),
      needsMfa:
        reflector.getAllAndOverride<boolean | undefined>(REQUIRE_MFA_KEY, targets) === true ||
        (adminRequireMfa && isAdminOnly(reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets))),
    }));
  }

  canActivate(context: ExecutionContext): boolean {
    const { needsMfa, maxAge } = this.route.of(context);
    if (!needsMfa && maxAge === undefined) return true;
    const user = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (!user) throw AuthorizationErrors.tokenMissing();
    if (needsMfa && !user.amr?.includes('mfa')) throw AuthorizationErrors.mfaRequired();
    if (maxAge !== undefined && (user.authTime === undefined || Date.now() / 1000 - user.authTime > maxAge)) {
      throw AuthorizationErrors.reauthRequired();
    }
    return true;
  }
}

/** A route no editor may call: its @Roles() asks for admin only. */
function isAdminOnly(required: Role[] | undefined): boolean {
  return !!required && required.length > 0 && !satisfiesRoles([Role.Editor], required);
}
