import { createHmac, timingSafeEqual, verify as verifySignature } from 'node:crypto';
import type { JwtAlgorithm, JwtConfig } from '../config/index.js';
import type { SigningKey } from './keys/signing-key.js';

/** Signature bytes each algorithm produces: a signature of any other length is refused before any curve arithmetic. */
const SIGNATURE_BYTES: Partial<Record<JwtAlgorithm, number>> = { HS256: 32, ES256: 64, EdDSA: 64 };

/**
 * Checks the signature of a compact JWS whose header rules already passed (checkAccessTokenHeader), with node:crypto
 * directly on the prepared KeyObject: HMAC-SHA256 compared in constant time, RSASSA-PKCS1-v1_5, ECDSA P-256 in the
 * JWS form (r || s, RFC 7518 §3.4), Ed25519. Nothing is re-encoded or parsed twice.
 */
export function hasValidSignature(jws: string, key: SigningKey): boolean {
  const dot = jws.lastIndexOf('.');
  const signature = Buffer.from(jws.slice(dot + 1), 'base64url');
  const expectedLength = SIGNATURE_BYTES[key.alg];
  if (expectedLength !== undefined && signature.length !== expectedLength) return false;
  if (key.alg === 'HS256') {
    // The header rules admitted only base64url text, so hashing the string as it is hashes its ASCII bytes.
    return timingSafeEqual(createHmac('sha256', key.verifyKey).update(jws.slice(0, dot)).digest(), signature);
  }
  const signingInput = Buffer.from(jws.slice(0, dot), 'latin1');
  switch (key.alg) {
    case 'ES256':
      return verifySignature('sha256', signingInput, { key: key.verifyKey, dsaEncoding: 'ieee-p1363' }, signature);
    case 'RS256':
      return verifySignature('sha256', signingInput, key.verifyKey, signature);
    case 'EdDSA':
      return verifySignature(null, signingInput, key.verifyKey, signature);
    default:
      return false;
  }
}

/** The payload of a compact JWS as a JSON object, or undefined when it is not one. */
export function readPayload(jws: string): Record<string, unknown> | undefined {
  const first = jws.indexOf('.');
  const second = jws.indexOf('.', first + 1);
  try {
    const payload: unknown = JSON.parse(Buffer.from(jws.slice(first + 1, second), 'base64url').toString('utf8'));
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The registered claims, with the rules jsonwebtoken and jose applied before: `iss` equal to ours, `aud` ours or a
 * list holding ours, `exp` a number and not past (expired once now >= exp + tolerance), `nbf` when present a number
 * and reached (now + tolerance >= nbf), `iat` when present a number. The shape of our own claims is toAuthUser's.
 */
export function hasValidRegisteredClaims(payload: Record<string, unknown>, jwt: JwtConfig, nowSeconds: number): boolean {
  const { iss, aud, exp, nbf, iat } = payload;
  if (iss !== jwt.issuer) return false;
  if (!(aud === jwt.audience || (Array.isArray(aud) && aud.includes(jwt.audience)))) return false;
  if (typeof exp !== 'number' || !Number.isFinite(exp) || nowSeconds >= exp + jwt.clockToleranceSeconds) return false;
  if (nbf !== undefined && (typeof nbf !== 'number' || !Number.isFinite(nbf) || nbf > nowSeconds + jwt.clockToleranceSeconds)) return false;
  if (iat !== undefined && (typeof iat !== 'number' || !Number.isFinite(iat))) return false;
  return true;
}

/**
 * Signature first, then payload and registered claims: the payload of a token whose signature fails is never parsed.
 * Returns the whole claims object (open to claims other modules add), or undefined for a token to refuse.
 */
export function verifyCompactJws(jws: string, key: SigningKey, jwt: JwtConfig, nowMs = Date.now()): Record<string, unknown> | undefined {
  try {
    if (!hasValidSignature(jws, key)) return undefined;
  } catch {
    // A signature node:crypto cannot even read (say, of the wrong size for an RSA key) is simply not valid.
    return undefined;
  }
  const payload = readPayload(jws);
  if (!payload || !hasValidRegisteredClaims(payload, jwt, Math.floor(nowMs / 1000))) return undefined;
  return payload;
}
