import { Role } from './role.enum.js';

// user < editor < admin: a route that requires a role also admits every role ranked above it.
const RANK = new Map<string, number>([
  [Role.User, 1],
  [Role.Editor, 2],
  [Role.Admin, 3],
]);

/** The highest rank among the held roles; unknown role names count for nothing. */
export function highestRank(held: readonly string[]): number {
  let best = 0;
  for (const role of held) best = Math.max(best, RANK.get(role) ?? 0);
  return best;
}

/** True when the held roles satisfy at least one of the required roles under the hierarchy. */
export function satisfiesRoles(held: readonly string[], required: readonly Role[]): boolean {
  if (required.length === 0) return true;
  const rank = highestRank(held);
  return required.some((role) => rank >= (RANK.get(role) ?? Infinity));
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && RANK.has(value);
}
