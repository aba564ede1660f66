import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AuthUser } from './auth-user.js';
import { ROLES_KEY } from './roles.decorator.js';
import { satisfiesRoles } from './role.js';
import type { Role } from './role.js';
import { AuthorizationErrors } from './authorization.errors.js';

@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    // getAllAndOverride: the handler's @Roles() wins over its class's.
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]);
    if (!required || required.length === 0) return true;
    const user = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (!user) throw AuthorizationErrors.tokenMissing();
    if (!satisfiesRoles(user.roles, required)) throw AuthorizationErrors.forbiddenRole();
    return true;
  }
}
