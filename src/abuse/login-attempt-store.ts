/** How many failed logins one counter (a client of an account, or a whole account) may have within a window before it is locked, and for how long. */
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
 * Failed-login counters, and the clients each account has logged in from. Keys are opaque (hashes of the
 * normalized email and the client), so unknown and known emails are counted alike and no address is kept.
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
  /** The owner proved themselves another way (a password reset): the counter starts over and a lock ends. */
  unlock(key: string): Promise<void>;
  /** Takes back one attempt counted by `begin` that had no outcome (or whose success must not clear the others'). */
  release(key: string): Promise<void>;
  /** Marks a client as known to an account (it logged in successfully) for `ttlSeconds`. */
  remember(key: string, ttlSeconds: number): Promise<void>;
  /** Whether `remember` marked this key and it has not expired. */
  knows(key: string): Promise<boolean>;
}

export const LOGIN_ATTEMPT_STORE = Symbol('LOGIN_ATTEMPT_STORE');
