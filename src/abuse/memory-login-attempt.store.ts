import type { AttemptVerdict, LoginAttemptStore, LoginPolicy } from './login-attempt-store.js';

interface Entry {
  count: number;
  windowStart: number;
  lockedUntil: number;
}

// Bounds memory when someone sprays random emails; see sweep().
const MAX_ENTRIES = 100_000;

/** One-instance counters in a Map. With REDIS_URL a shared store takes its place (same interface). */
export class MemoryLoginAttemptStore implements LoginAttemptStore {
  private readonly entries = new Map<string, Entry>();
  /** Known clients: key to expiry time. */
  private readonly known = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async begin(key: string, policy: LoginPolicy): Promise<AttemptVerdict> {
    const now = this.now();
    let entry = this.entries.get(key);
    if (entry && entry.lockedUntil > now) return { retryAfterSeconds: secondsUntil(entry.lockedUntil, now), lockedNow: false };
    if (!entry || entry.lockedUntil !== 0 || now - entry.windowStart >= policy.windowSeconds * 1000) {
      if (!entry && this.entries.size >= MAX_ENTRIES) this.sweep(now, policy);
      entry = { count: 0, windowStart: now, lockedUntil: 0 };
      this.entries.set(key, entry);
    }
    entry.count += 1;
    if (entry.count > policy.maxFailures) {
      this.lock(entry, now, policy);
      return { retryAfterSeconds: policy.lockSeconds, lockedNow: true };
    }
    return { retryAfterSeconds: 0, lockedNow: false };
  }

  async fail(key: string, policy: LoginPolicy): Promise<boolean> {
    const now = this.now();
    const entry = this.entries.get(key);
    if (!entry || entry.lockedUntil > now || entry.count < policy.maxFailures) return false;
    this.lock(entry, now, policy);
    return true;
  }

  async reset(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async unlock(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async release(key: string): Promise<void> {
    const entry = this.entries.get(key);
    if (entry && entry.lockedUntil === 0 && entry.count > 0) entry.count -= 1;
  }

  async remember(key: string, ttlSeconds: number): Promise<void> {
    const now = this.now();
    // Re-inserting moves the key to the end of the Map, so eviction below drops the least recently seen.
    this.known.delete(key);
    if (this.known.size >= MAX_ENTRIES) {
      for (const [k, expires] of this.known) if (expires <= now) this.known.delete(k);
      for (const k of this.known.keys()) {
        if (this.known.size < MAX_ENTRIES) break;
        this.known.delete(k);
      }
    }
    this.known.set(key, now + ttlSeconds * 1000);
  }

  async knows(key: string): Promise<boolean> {
    const expires = this.known.get(key);
    return expires !== undefined && expires > this.now();
  }

  private lock(entry: Entry, now: number, policy: LoginPolicy): void {
    entry.lockedUntil = now + policy.lockSeconds * 1000;
    entry.count = 0;
  }

  /** Drops entries that no longer matter; if still full, the oldest (Map order is insertion order). */
  private sweep(now: number, policy: LoginPolicy): void {
    for (const [key, e] of this.entries) {
      const stale = e.lockedUntil !== 0 ? e.lockedUntil <= now : now - e.windowStart >= policy.windowSeconds * 1000;
      if (stale) this.entries.delete(key);
    }
    for (const key of this.entries.keys()) {
      if (this.entries.size < MAX_ENTRIES) break;
      this.entries.delete(key);
    }
  }
}

function secondsUntil(time: number, now: number): number {
  return Math.max(1, Math.ceil((time - now) / 1000));
}
