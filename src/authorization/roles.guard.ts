import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AuthUser } from './auth-user.js';
import { NO_API_KEY_KEY } from './no-api-key.decorator.js';
import { ROLES_KEY } from './roles.decorator.js';
import { satisfiesRoles } from './role.js';
import type { Role } from './role.js';
import { AuthorizationErrors } from './authorization.errors.js';

@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    const user = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (user?.apiKey && this.reflector.getAllAndOverride<boolean>(NO_API_KEY_KEY, targets)) throw AuthorizationErrors.apiKeyNotAllowed();
    // getAllAndOverride: the handler's @Roles() wins over its class's.
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!required || required.length === 0) return true;
    if (!user) throw AuthorizationErrors.tokenMissing();
    if (!satisfiesRoles(user.roles, required)) throw AuthorizationErrors.forbiddenRole();
    return true;
  }
}
