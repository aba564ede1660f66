import { ExpiringCache } from '../common/index.js';
import type { AuthUser } from '../authorization/index.js';

/**
 * Tokens whose signature, iss, aud, nbf, exp and claim shape were already verified, so a client that sends the same
 * token on every request pays the signature check once. An entry is only ever a shortcut past the signature: it
 * expires when the token does and revocation is never cached.
 *
 * Looked up by the token's last segment (its signature, or a JWE's tag) and then compared with the whole token: a hit
 * is always the very token that was verified, and the Map hashes a few dozen characters rather than the whole token.
 *
 * A token is let in on its second sighting, when it was seen lately (a doorkeeper of fingerprints, as in TinyLFU): a
 * client that repeats its token gets in on its second request, while the tokens of many users seen once each do not
 * fill the cache. Putting every new token in and the oldest out cost more than the signature check it might save (the
 * entry outlives the young generation and is collected from the old one), and a cache filled by the first tokens it
 * met would keep them until they expire.
 */
export class VerifiedTokenCache {
  private readonly entries: ExpiringCache<{ token: string; user: AuthUser }>;
  private readonly seen = new Uint32Array(DOORKEEPER_SLOTS);

  constructor(
    maxEntries: number,
    private readonly clockToleranceSeconds: number,
    now: () => number = Date.now,
  ) {
    this.entries = new ExpiringCache(maxEntries, now);
  }

  get(token: string): AuthUser | undefined {
    const entry = this.entries.get(lookupKey(token));
    if (!entry || entry.token !== token) return undefined;
    return { ...entry.user, roles: [...entry.user.roles] };
  }

  set(token: string, user: AuthUser): void {
    if (!this.seenBefore(token)) return;
    // Same rule as for exp itself: expired once now >= exp + tolerance.
    const expiresAtMs = (user.exp + this.clockToleranceSeconds) * 1000;
    this.entries.set(lookupKey(token), { token, user: { ...user, roles: [...user.roles] } }, expiresAtMs);
  }

  get size(): number {
    return this.entries.size;
  }

  /** True when the token's fingerprint is in its slot already; otherwise records it there. */
  private seenBefore(token: string): boolean {
    const fingerprint = fingerprintOf(token);
    const slot = fingerprint & (DOORKEEPER_SLOTS - 1);
    if (this.seen[slot] === fingerprint) return true;
    this.seen[slot] = fingerprint;
    return false;
  }
}

const DOORKEEPER_SLOTS = 4096;

/** FNV-1a over the token's last 12 characters (signature or tag bytes: random, so a good spread). Never zero. */
function fingerprintOf(token: string): number {
  let hash = 0x811c9dc5;
  for (let i = Math.max(0, token.length - 12); i < token.length; i++) hash = Math.imul(hash ^ token.charCodeAt(i), 0x01000193);
  return hash >>> 0 || 1;
}

function lookupKey(token: string): string {
  return token.slice(token.lastIndexOf('.') + 1);
}
