import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AuthUser } from './auth-user.js';
import { NO_API_KEY_KEY } from './no-api-key.decorator.js';
import { ROLES_KEY } from './roles.decorator.js';
import { satisfiesRoles } from './role.js';
import type { Role } from './role.js';
import { AuthorizationErrors } from './authorization.errors.js';
import { PerRoute } from '../common/index.js';

@Injectable()
export class RolesGuard implements CanActivate {
  private readonly route: PerRoute<{ noApiKey: boolean; required: Role[] | undefined }>;

  constructor(reflector: Reflector) {
    this.route = new PerRoute((targets) => ({
      noApiKey: reflector.getAllAndOverride<boolean>(NO_API_KEY_KEY, targets) === true,
      // getAllAndOverride: the handler's @Roles() wins over its class's.
      required: reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets),
    }));
  }

  canActivate(context: ExecutionContext): boolean {
    const { noApiKey, required } = this.route.of(context);
    const user = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (user?.apiKey && noApiKey) throw AuthorizationErrors.apiKeyNotAllowed();
    if (!required || required.length === 0) return true;
    if (!user) throw AuthorizationErrors.tokenMissing();
    if (!satisfiesRoles(user.roles, required)) throw AuthorizationErrors.forbiddenRole();
    return true;
  }
}
