import { SignJWT } from 'jose';
import type { JwtConfig } from '../config/index.js';
import type { SigningKey } from './keys/signing-key.js';
import { ACCESS_TOKEN_TYP } from './access-token-claims.js';

/**
 * EdDSA (Ed25519) signing through jose, because jsonwebtoken, under @nestjs/jwt, has no EdDSA. The claim set mirrors
 * the JwtService path exactly; verification is the same node:crypto path for every algorithm (compact-jws.ts).
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
