/** When a key signs and verifies; times in epoch milliseconds. */
export interface KeyTimes {
  activeFromMs?: number;
}

/**
 * For keys ordered oldest first, the moment each one stops verifying: a key stops signing when the first
 * newer key with an activation time takes over, and its last tokens live `graceMs` longer (TTL + clock
 * tolerance). Undefined means it may still be signing, so it must keep verifying.
 */
export function retirementTimes(keys: readonly KeyTimes[], graceMs: number): (number | undefined)[] {
  return keys.map((_, i) => {
    const successors = keys
      .slice(i + 1)
      .map((k) => k.activeFromMs)
      .filter((t): t is number => t !== undefined);
    return successors.length > 0 ? Math.min(...successors) + graceMs : undefined;
  });
}

/** Index of the key that signs at `nowMs`: the newest one already active, or -1. */
export function signingIndex(keys: readonly KeyTimes[], nowMs: number): number {
  for (let i = keys.length - 1; i >= 0; i--) {
    const from = keys[i].activeFromMs;
    if (from !== undefined && from <= nowMs) return i;
  }
  return -1;
}

/**
 * Index of the key a start-up should activate now, or -1: the newest key that was never activated,
 * when it is newer than the key signing at the moment (`npm run keys:rotate` takes effect at the next start).
 */
export function keyToActivate(keys: readonly KeyTimes[], nowMs: number): number {
  const current = signingIndex(keys, nowMs);
  for (let i = keys.length - 1; i > current; i--) if (keys[i].activeFromMs === undefined) return i;
  return -1;
}
