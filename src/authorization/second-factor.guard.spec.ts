import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { DomainError } from '../common/index.js';
import type { AuthUser } from './auth-user.js';
import { Roles } from './roles.decorator.js';
import { Role } from './role.js';
import { RequireMfa, RequireRecentAuth } from './second-factor.decorators.js';
import { SecondFactorGuard } from './second-factor.guard.js';

const now = () => Math.floor(Date.now() / 1000);
const caller = (amr: string[] | undefined, authTime: number | undefined = now(), roles = [Role.Admin]): AuthUser => ({
  id: 'u',
  sid: 's',
  jti: 'j',
  exp: 0,
  roles,
  amr,
  authTime,
});

class Widgets {
  open() {}
  @RequireMfa()
  secret() {}
  @RequireRecentAuth('5m')
  changeCredentials() {}
  @Roles(Role.Admin)
  adminOnly() {}
  @Roles(Role.Editor)
  editors() {}
}

@RequireMfa()
class Vault {
  everything() {}
}

describe('SecondFactorGuard', () => {
  const check =
    (cls: new () => object, handler: string, user: AuthUser | undefined, adminRequireMfa = false) =>
    () =>
      new SecondFactorGuard(new Reflector(), adminRequireMfa).canActivate(
        new ExecutionContextHost([{ user }, {}], cls, (cls.prototype as Record<string, () => void>)[handler]),
      );
  const rejection = (fn: () => unknown): DomainError => {
    try {
      fn();
    } catch (error) {
      return error as DomainError;
    }
    throw new Error('expected the guard to refuse');
  };

  it('lets undecorated routes through whatever the token says', () => {
    expect(check(Widgets, 'open', caller(['pwd']))()).toBe(true);
    expect(check(Widgets, 'open', undefined)()).toBe(true);
  });

  it('@RequireMfa(): 403 AUTH_MFA_REQUIRED without mfa in amr (also for old tokens without amr), on handlers and classes', () => {
    expect(check(Widgets, 'secret', caller(['pwd', 'otp', 'mfa']))()).toBe(true);
    expect(check(Vault, 'everything', caller(['hwk', 'mfa']))()).toBe(true);
    for (const amr of [['pwd'], ['hwk'], undefined]) {
      expect(rejection(check(Widgets, 'secret', caller(amr)))).toMatchObject({ status: 403, code: 'AUTH_MFA_REQUIRED' });
      expect(rejection(check(Vault, 'everything', caller(amr)))).toMatchObject({ code: 'AUTH_MFA_REQUIRED' });
    }
    expect(rejection(check(Widgets, 'secret', undefined))).toMatchObject({ status: 401, code: 'AUTH_TOKEN_MISSING' });
  });

  it("@RequireRecentAuth('5m'): 403 AUTH_REAUTH_REQUIRED once auth_time is older, or unknown", () => {
    expect(check(Widgets, 'changeCredentials', caller(['pwd'], now() - 299))()).toBe(true);
    expect(rejection(check(Widgets, 'changeCredentials', caller(['pwd'], now() - 301)))).toMatchObject({ status: 403, code: 'AUTH_REAUTH_REQUIRED' });
    expect(rejection(check(Widgets, 'changeCredentials', { ...caller(['pwd', 'mfa']), authTime: undefined }))).toMatchObject({
      code: 'AUTH_REAUTH_REQUIRED',
    });
  });

  it('ADMIN_REQUIRE_MFA=true treats admin-only routes as @RequireMfa(), and nothing else', () => {
    expect(check(Widgets, 'adminOnly', caller(['pwd']), false)()).toBe(true);
    expect(rejection(check(Widgets, 'adminOnly', caller(['pwd']), true))).toMatchObject({ code: 'AUTH_MFA_REQUIRED' });
    expect(check(Widgets, 'adminOnly', caller(['pwd', 'otp', 'mfa']), true)()).toBe(true);
    expect(check(Widgets, 'editors', caller(['pwd']), true)()).toBe(true);
    expect(check(Widgets, 'open', caller(['pwd']), true)()).toBe(true);
  });

  it('refuses a malformed duration when the decorator is applied, not at request time', () => {
    expect(() => RequireRecentAuth('5 minutes')).toThrow(/duration like '5m'/);
    expect(() => RequireRecentAuth('0s')).toThrow();
  });
});
