import { jwtVerify, SignJWT } from 'jose';
import type { JwtConfig } from '../config/index.js';
import type { SigningKey } from './keys/signing-key.js';
import { ACCESS_TOKEN_TYP } from './access-token-claims.js';

/**
 * EdDSA (Ed25519) through jose, because jsonwebtoken, under @nestjs/jwt and passport-jwt, has no EdDSA.
 * The claim set and checks mirror the jsonwebtoken path exactly; header rules and claim shape are shared.
 */
export interface AccessTokenClaims {
  payload: Record<string, unknown>;
  subject: string;
  jwtId: string;
  iat: number;
  exp: number;
}

/** Signs like JwtService.sign does for the other algorithms: the given iat and exp, iss, aud, sub, jti. */
export function signEdDsa(key: SigningKey, jwt: JwtConfig, claims: AccessTokenClaims): Promise<string> {
  return new SignJWT(claims.payload)
    .setProtectedHeader({ alg: 'EdDSA', typ: ACCESS_TOKEN_TYP, kid: key.kid })
    .setIssuedAt(claims.iat)
    .setExpirationTime(claims.exp)
    .setIssuer(jwt.issuer)
    .setAudience(jwt.audience)
    .setSubject(claims.subject)
    .setJti(claims.jwtId)
    .sign(key.privateKey);
}

/** Verifies signature, iss, aud, exp (required) and nbf with the configured tolerance; the header was checked before. */
export async function verifyEdDsa(token: string, key: SigningKey, jwt: JwtConfig): Promise<Record<string, unknown>> {
  const { payload } = await jwtVerify(token, key.verifyKey, {
    algorithms: ['EdDSA'],
    typ: ACCESS_TOKEN_TYP,
    issuer: jwt.issuer,
    audience: jwt.audience,
    clockTolerance: jwt.clockToleranceSeconds,
    requiredClaims: ['exp'],
  });
  return payload;
}
