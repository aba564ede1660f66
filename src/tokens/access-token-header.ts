import { ACCESS_TOKEN_TYP } from './access-token-claims.js';
import { hasCanonicalSegments, isCanonicalBase64url } from './canonical-base64url.js';

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

// A handful of keys verify at a time, and each signs every token with the same header text.
const REMEMBERED_HEADERS = 32;

/**
 * checkAccessTokenHeader for one pinned algorithm, remembering header segments that passed: every token a key signs
 * carries the same header text, so decoding and parsing it again for each token is work with a known answer. The
 * segment count and the canonical spelling of the payload and signature are still checked on every token, so the
 * answer is the same as checkAccessTokenHeader's for any input. Bounded: headers made up by a client only push out
 * older entries, which costs that client's requests the full check and nothing else.
 */
export class AccessTokenHeaderRules {
  private readonly passed = new Map<string, string>();

  constructor(private readonly algorithm: string) {}

  check(token: string): { kid: string } | { reason: string } {
    const first = token.indexOf('.');
    const kid = first > 0 ? this.passed.get(token.slice(0, first)) : undefined;
    if (kid === undefined) return this.checkAndRemember(token, first);
    const second = token.indexOf('.', first + 1);
    if (second < 0 || token.indexOf('.', second + 1) >= 0) return { reason: 'not a compact JWS' };
    if (!isCanonicalBase64url(token.slice(first + 1, second)) || !isCanonicalBase64url(token.slice(second + 1))) {
      return { reason: 'not canonical base64url' };
    }
    return { kid };
  }

  private checkAndRemember(token: string, first: number): { kid: string } | { reason: string } {
    const result = checkAccessTokenHeader(token, this.algorithm);
    if ('kid' in result) {
      if (this.passed.size >= REMEMBERED_HEADERS) {
        for (const oldest of this.passed.keys()) {
          this.passed.delete(oldest);
          break;
        }
      }
      this.passed.set(token.slice(0, first), result.kid);
    }
    return result;
  }
}
