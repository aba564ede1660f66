import type { AuthUser } from '../auth-user.js';

/**
 * Tokens whose signature, iss, aud, nbf, exp and claim shape were already verified, keyed by the whole token string,
 * so a client that sends the same token on every request pays the signature check once. An entry is only ever a
 * shortcut past the signature: expiry is re-checked on every hit and revocation is never cached.
 * Bounded: the oldest entry goes when the cache is full.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, AuthUser>();

  constructor(
    private readonly maxEntries: number,
    private readonly clockToleranceSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(token: string): AuthUser | undefined {
    const user = this.entries.get(token);
    if (!user) return undefined;
    // Same rule as jsonwebtoken: expired once now >= exp + tolerance.
    if (this.now() >= (user.exp + this.clockToleranceSeconds) * 1000) {
      this.entries.delete(token);
      return undefined;
    }
    return { ...user, roles: [...user.roles] };
  }

  set(token: string, user: AuthUser): void {
    if (this.maxEntries <= 0) return;
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(token, { ...user, roles: [...user.roles] });
  }

  get size(): number {
    return this.entries.size;
  }
}
