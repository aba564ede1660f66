import { ACCESS_TOKEN_TYP } from './access-token-claims.js';
import { hasCanonicalSegments } from './canonical-base64url.js';

// RFC 8725 §3.1/§3.11: keys are never taken from the token, and extensions we do not implement are refused.
const FORBIDDEN_HEADERS = ['jku', 'x5u', 'jwk', 'x5c', 'crit'];

/**
 * Reads and checks a compact JWS header before any signature work: the pinned algorithm, typ at+jwt,
 * a string kid, and none of the key-bearing or critical headers. Returns the kid, or a reason for refusal.
 */
export function checkAccessTokenHeader(token: string, algorithm: string): { kid: string } | { reason: string } {
  const firstDot = token.indexOf('.');
  if (firstDot <= 0 || token.split('.').length !== 3) return { reason: 'not a compact JWS' };
  if (!hasCanonicalSegments(token)) return { reason: 'not canonical base64url' };
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(token.slice(0, firstDot), 'base64url').toString('utf8'));
  } catch {
    return { reason: 'unreadable header' };
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return { reason: 'header is not an object' };
  const h = header as Record<string, unknown>;
  if (h.alg !== algorithm) return { reason: 'algorithm not allowed' };
  if (h.typ !== ACCESS_TOKEN_TYP) return { reason: 'typ is not at+jwt' };
  if (typeof h.kid !== 'string' || h.kid.length === 0 || h.kid.length > 128) return { reason: 'missing kid' };
  for (const name of FORBIDDEN_HEADERS) if (name in h) return { reason: `header ${name} not accepted` };
  return { kid: h.kid };
}
