/** How many failed logins one account may have within a window before it is locked, and for how long. */
export interface LoginPolicy {
  maxFailures: number;
  windowSeconds: number;
  lockSeconds: number;
}

export interface AttemptVerdict {
  /** 0 when the attempt may go ahead; otherwise the seconds until the lock ends (for Retry-After). */
  retryAfterSeconds: number;
  /** True when this very attempt turned the counter into a lock (for the auth event log). */
  lockedNow: boolean;
}

/**
 * Per-account failed-login counters. Keys are opaque (a hash of the normalized email), so unknown and known
 * emails are counted alike and no address is kept in memory or in a shared store.
 * Every method is a single atomic step per key, so a Redis implementation can do each with one script.
 */
export interface LoginAttemptStore {
  /**
   * Counts an attempt before its password is checked, so that a burst of parallel guesses cannot run past
   * the limit while the slow hash is verified. Refuses (and may start the lock) once the count exceeds the limit.
   */
  begin(key: string, policy: LoginPolicy): Promise<AttemptVerdict>;
  /** The attempt failed: locks the key when its window already holds `maxFailures` attempts. True when it locked now. */
  fail(key: string, policy: LoginPolicy): Promise<boolean>;
  /** The attempt succeeded: the counter starts over. */
  reset(key: string): Promise<void>;
}

export const LOGIN_ATTEMPT_STORE = Symbol('LOGIN_ATTEMPT_STORE');
