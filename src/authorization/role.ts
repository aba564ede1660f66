/** The roles, lowest first: the one list that the rank, validation messages and the OpenAPI enum derive from. */
export enum Role {
  User = 'user',
  Editor = 'editor',
  Admin = 'admin',
}

// user < editor < admin: a route that requires a role also admits every role ranked above it.
export const ALL_ROLES: readonly Role[] = [Role.User, Role.Editor, Role.Admin];
const RANK = new Map<string, number>(ALL_ROLES.map((role, i) => [role, i + 1]));

/** For messages: "user, editor, admin". */
export const ROLE_NAMES = ALL_ROLES.join(', ');

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
