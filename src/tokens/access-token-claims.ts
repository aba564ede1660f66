import { type AuthUser, isRole, type Role } from '../authorization/index.js';

export const ACCESS_TOKEN_TYP = 'at+jwt';

/** The private claims of an access token; iss, aud, sub, iat, exp and jti are added by the signer. No email, no password data. */
export function buildPayload(sid: string, roles: readonly Role[]): { sid: string; roles: Role[] } {
  return { sid, roles: [...roles] };
}

/**
 * Checks the shape of a payload whose signature, iss, aud, exp and nbf were already verified.
 * jsonwebtoken accepts a token without exp, so exp (and every claim we rely on) is required here.
 * A token that lives longer than `maxLifetimeSeconds` (ACCESS_TOKEN_TTL plus the clock tolerance) is refused: after
 * the TTL was lowered, tokens signed under the old one stop at once instead of outliving what revocation assumes.
 */
export function toAuthUser(payload: Record<string, unknown>, maxLifetimeSeconds: number): AuthUser | undefined {
  const { sub, sid, jti, exp, iat, roles } = payload;
  if (typeof sub !== 'string' || sub.length === 0) return undefined;
  if (typeof sid !== 'string' || sid.length === 0) return undefined;
  if (typeof jti !== 'string' || jti.length === 0) return undefined;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return undefined;
  if (typeof iat !== 'number' || !Number.isFinite(iat)) return undefined;
  if (exp - iat > maxLifetimeSeconds) return undefined;
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every(isRole)) return undefined;
  return { id: sub, sid, jti, exp, roles: roles };
}
