const URL_ALPHABET = /^[A-Za-z0-9_-]*$/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * True when `segment` is the one canonical base64url spelling of its bytes (RFC 7515 §2): URL alphabet, no padding,
 * zero trailing bits. Lenient decoders also accept `+`, `/`, `=` and stray trailing bits, so without this check one
 * token could be re-spelled into many distinct strings that all verify (defeating any check keyed by the token text).
 * Read from the text alone (the length and the last character's spare bits), so checking costs no decoding.
 */
export function isCanonicalBase64url(segment: string): boolean {
  if (!URL_ALPHABET.test(segment)) return false;
  switch (segment.length % 4) {
    case 0:
      return true;
    case 1:
      // Six bits cannot end a byte.
      return false;
    case 2:
      // One byte: the last character carries 2 of its bits and 4 spare ones.
      return (ALPHABET.indexOf(segment[segment.length - 1]) & 0b1111) === 0;
    default:
      // Two bytes: the last character carries 4 of their bits and 2 spare ones.
      return (ALPHABET.indexOf(segment[segment.length - 1]) & 0b11) === 0;
  }
}

/** Every dot-separated segment of a compact JWS or JWE is canonical base64url. */
export function hasCanonicalSegments(token: string): boolean {
  return token.split('.').every(isCanonicalBase64url);
}
