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
  /** Number of revocations currently held in memory (for health and benchmarks). */
  size(): number;
}

export const REVOCATION_STORE = Symbol('REVOCATION_STORE');
