import { ExpiringCache } from '../common/index.js';
import type { AuthUser } from '../authorization/index.js';

/**
 * Tokens whose signature, iss, aud, nbf, exp and claim shape were already verified, keyed by the whole token string,
 * so a client that sends the same token on every request pays the signature check once. An entry is only ever a
 * shortcut past the signature: it expires when the token does and revocation is never cached.
 */
export class VerifiedTokenCache {
  private readonly entries: ExpiringCache<AuthUser>;

  constructor(
    maxEntries: number,
    private readonly clockToleranceSeconds: number,
    now: () => number = Date.now,
  ) {
    this.entries = new ExpiringCache(maxEntries, now);
  }

  get(token: string): AuthUser | undefined {
    const user = this.entries.get(token);
    return user && { ...user, roles: [...user.roles] };
  }

  set(token: string, user: AuthUser): void {
    // Same rule as jsonwebtoken: expired once now >= exp + tolerance.
    this.entries.set(token, { ...user, roles: [...user.roles] }, (user.exp + this.clockToleranceSeconds) * 1000);
  }

  get size(): number {
    return this.entries.size;
  }
}
