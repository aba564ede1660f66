import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { DomainError } from '../common/index.js';
import type { AuthUser } from './auth-user.js';
import { NoApiKey } from './no-api-key.decorator.js';
import { Roles } from './roles.decorator.js';
import { Role } from './role.js';
import { RolesGuard } from './roles.guard.js';

const caller = (...roles: Role[]): AuthUser => ({ id: 'u', sid: 's', jti: 'j', exp: 0, roles });

@Roles(Role.Admin)
class AdminController {
  everything() {}
  @Roles(Role.User)
  openToUsers() {}
}

class CredentialsController {
  @NoApiKey()
  changePassword() {}
  read() {}
}

class MixedController {
  open() {}
  @Roles(Role.Editor)
  editorsOnly() {}
}

describe('RolesGuard', () => {
  const guard = new RolesGuard(new Reflector());
  const check = (cls: new () => object, handler: string, user?: AuthUser) => () =>
    guard.canActivate(new ExecutionContextHost([{ user }, {}], cls, (cls.prototype as Record<string, () => void>)[handler]));
  const rejection = (fn: () => unknown): DomainError => {
    try {
      fn();
    } catch (error) {
      return error as DomainError;
    }
    throw new Error('expected the guard to refuse');
  };

  it("applies the class's @Roles() to a handler without its own", () => {
    expect(check(AdminController, 'everything', caller(Role.Admin))()).toBe(true);
    expect(rejection(check(AdminController, 'everything', caller(Role.Editor)))).toMatchObject({ status: 403, code: 'AUTH_FORBIDDEN' });
  });

  it("lets a handler's @Roles() override its class's", () => {
    expect(check(AdminController, 'openToUsers', caller(Role.User))()).toBe(true);
  });

  it('admits higher roles under the hierarchy and refuses lower ones', () => {
    expect(check(MixedController, 'editorsOnly', caller(Role.Editor))()).toBe(true);
    expect(check(MixedController, 'editorsOnly', caller(Role.Admin))()).toBe(true);
    expect(rejection(check(MixedController, 'editorsOnly', caller(Role.User))).status).toBe(403);
  });

  it('passes a route without @Roles(), even for an anonymous caller', () => {
    expect(check(MixedController, 'open')()).toBe(true);
  });

  it('answers 401, not 403, when a role is required and no user is on the request', () => {
    const error = rejection(check(MixedController, 'editorsOnly'));
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ status: 401, code: 'AUTH_TOKEN_MISSING' });
  });

  it('refuses a caller whose roles are unknown names', () => {
    const forged = { ...caller(), roles: ['superuser'] as unknown as Role[] };
    expect(rejection(check(MixedController, 'editorsOnly', forged)).status).toBe(403);
  });

  it('refuses an API key on a @NoApiKey() route, and only there', () => {
    const viaKey = { ...caller(Role.Admin), apiKey: { id: 'k', prefix: 'gh_00000000' } };
    expect(rejection(check(CredentialsController, 'changePassword', viaKey))).toMatchObject({ status: 403, code: 'AUTH_API_KEY_NOT_ALLOWED' });
    expect(check(CredentialsController, 'changePassword', caller(Role.User))()).toBe(true);
    expect(check(CredentialsController, 'read', viaKey)()).toBe(true);
  });
});
