/** A session id that must be refused until `expiresAt`, when every access token it could have signed has expired. */
export interface Revocation {
  sid: string;
  expiresAt: Date;
}

/**
 * Where revoked session ids live. `isRevoked` is on every request's hot path: it answers from memory, O(1),
 * and throws a DomainError (503) when the store cannot vouch for its state (fail closed).
 */
export interface RevocationStore {
  isRevoked(sid: string): boolean;
  revoke(revocations: Revocation[]): Promise<void>;
  /** Revoked sessions held in memory now (a metrics gauge). */
  size(): number;
}

/**
 * Stored revocations outlive their expiry by this much, so that a process whose clock runs ahead (a sweeper, the
 * writer of a Redis TTL) never drops one that another process still needs. Memory uses the exact expiry.
 */
export const REVOCATION_RETENTION_MARGIN_MS = 5 * 60_000;

export const REVOCATION_STORE = Symbol('REVOCATION_STORE');
