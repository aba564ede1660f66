import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse } from '@nestjs/swagger';

export const REQUIRE_MFA_KEY = 'gatehouse:require-mfa';
export const REQUIRE_RECENT_AUTH_KEY = 'gatehouse:require-recent-auth';

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/**
 * Requires an access token whose login used a second factor (`amr` holds `mfa`): 403 AUTH_MFA_REQUIRED otherwise.
 * On a handler or a class; with ADMIN_REQUIRE_MFA=true every admin route behaves as if it carried it.
 */
export const RequireMfa = () =>
  applyDecorators(
    SetMetadata(REQUIRE_MFA_KEY, true),
    ApiBearerAuth(),
    ApiForbiddenResponse({ description: 'AUTH_MFA_REQUIRED: the token was issued without a second factor' }),
  );

/**
 * Requires a login (`auth_time`) no older than `maxAge` (`90s`, `5m`, `1h`): 403 AUTH_REAUTH_REQUIRED otherwise.
 * Refreshing does not renew `auth_time`; only signing in again does. Meant for routes that change credentials.
 */
export const RequireRecentAuth = (maxAge: string) => {
  const match = /^(\d{1,6})([smhd])$/.exec(maxAge);
  if (!match || Number(match[1]) === 0) throw new Error(`@RequireRecentAuth needs a duration like '5m', got '${maxAge}'`);
  const seconds = Number(match[1]) * UNITS[match[2]];
  return applyDecorators(
    SetMetadata(REQUIRE_RECENT_AUTH_KEY, seconds),
    ApiBearerAuth(),
    ApiForbiddenResponse({ description: `AUTH_REAUTH_REQUIRED: the login is older than ${maxAge}; sign in again` }),
  );
};
