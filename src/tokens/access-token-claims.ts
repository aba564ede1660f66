import { type AuthUser, isRole, type Role } from '../authorization/index.js';

export const ACCESS_TOKEN_TYP = 'at+jwt';

/** How the session behind a token was opened: RFC 8176 `amr` and the time of that login (seconds). */
export interface AuthenticationClaims {
  amr: readonly string[];
  authTime: number;
}

/** The private claims of an access token; iss, aud, sub, iat, exp and jti are added by the signer. No email, no password data. */
export function buildPayload(
  sid: string,
  roles: readonly Role[],
  auth?: AuthenticationClaims,
): { sid: string; roles: Role[]; amr?: string[]; auth_time?: number } {
  return auth ? { sid, roles: [...roles], amr: [...auth.amr], auth_time: auth.authTime } : { sid, roles: [...roles] };
}

const AMR_VALUE = /^[a-z]{1,8}$/;

/**
 * Checks the shape of a payload whose signature, iss, aud, exp and nbf were already verified.
 * jsonwebtoken accepts a token without exp, so exp (and every claim we rely on) is required here.
 * A token that lives longer than `maxLifetimeSeconds` (ACCESS_TOKEN_TTL plus the clock tolerance) is refused: after
 * the TTL was lowered, tokens signed under the old one stop at once instead of outliving what revocation assumes.
 */
export function toAuthUser(payload: Record<string, unknown>, maxLifetimeSeconds: number): AuthUser | undefined {
  const { sub, sid, jti, exp, iat, roles, amr, auth_time: authTime } = payload;
  if (typeof sub !== 'string' || sub.length === 0) return undefined;
  if (typeof sid !== 'string' || sid.length === 0) return undefined;
  if (typeof jti !== 'string' || jti.length === 0) return undefined;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return undefined;
  if (typeof iat !== 'number' || !Number.isFinite(iat)) return undefined;
  if (exp - iat > maxLifetimeSeconds) return undefined;
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every(isRole)) return undefined;
  // Optional (tokens from before issue 15 have neither), but a present value of the wrong shape refuses the token.
  if (amr !== undefined && (!Array.isArray(amr) || amr.length > 8 || !amr.every((m) => typeof m === 'string' && AMR_VALUE.test(m)))) {
    return undefined;
  }
  if (authTime !== undefined && (typeof authTime !== 'number' || !Number.isInteger(authTime) || authTime > iat)) return undefined;
  const user: AuthUser = { id: sub, sid, jti, exp, roles: roles };
  if (amr !== undefined) user.amr = amr as string[];
  if (authTime !== undefined) user.authTime = authTime;
  return user;
}
