const URL_ALPHABET = /^[A-Za-z0-9_-]*$/;

/**
 * True when `segment` is the one canonical base64url spelling of its bytes (RFC 7515 §2): URL alphabet, no padding,
 * zero trailing bits. Lenient decoders also accept `+`, `/`, `=` and stray trailing bits, so without this check one
 * token could be re-spelled into many distinct strings that all verify (defeating any check keyed by the token text).
 */
export function isCanonicalBase64url(segment: string): boolean {
  return URL_ALPHABET.test(segment) && Buffer.from(segment, 'base64url').toString('base64url') === segment;
}

/** Every dot-separated segment of a compact JWS or JWE is canonical base64url. */
export function hasCanonicalSegments(token: string): boolean {
  return token.split('.').every(isCanonicalBase64url);
}
