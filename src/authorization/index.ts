// What every module may use to protect its routes: roles, the decorators, the verified caller.
export { type AuthUser, credentialOf } from './auth-user.js';
export { CurrentUser } from './current-user.decorator.js';
export { IS_PUBLIC_KEY, OPTIONAL_AUTH_KEY, OptionalAuth, Public } from './public.decorator.js';
export { ALL_ROLES, highestRank, isRole, Role, ROLE_NAMES, satisfiesRoles } from './role.js';
export { Roles, ROLES_KEY } from './roles.decorator.js';
export { RolesGuard } from './roles.guard.js';
export { AuthorizationErrors } from './authorization.errors.js';
export { NO_API_KEY_KEY, NoApiKey } from './no-api-key.decorator.js';
export { REQUIRE_MFA_KEY, REQUIRE_RECENT_AUTH_KEY, RequireMfa, RequireRecentAuth } from './second-factor.decorators.js';
export { SecondFactorGuard } from './second-factor.guard.js';
