import { ExpiringCache } from '../common/index.js';
import type { AuthUser } from '../authorization/index.js';

/**
 * Tokens whose signature, iss, aud, nbf, exp and claim shape were already verified, so a client that sends the same
 * token on every request pays the signature check once. An entry is only ever a shortcut past the signature: it
 * expires when the token does and revocation is never cached.
 *
 * Looked up by the token's last segment (its signature, or a JWE's tag) and then compared with the whole token: a hit
 * is always the very token that was verified, and the Map hashes a few dozen characters rather than the whole token.
 */
export class VerifiedTokenCache {
  private readonly entries: ExpiringCache<{ token: string; user: AuthUser }>;

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
    // Same rule as for exp itself: expired once now >= exp + tolerance.
    const expiresAtMs = (user.exp + this.clockToleranceSeconds) * 1000;
    this.entries.set(lookupKey(token), { token, user: { ...user, roles: [...user.roles] } }, expiresAtMs);
  }

  get size(): number {
    return this.entries.size;
  }
}

function lookupKey(token: string): string {
  return token.slice(token.lastIndexOf('.') + 1);
}
