/** Who caused a change: a signed-in user, the operator CLI, or the server itself (start-up bootstrap, scheduled jobs). */
export type Actor = { kind: 'user'; id: string } | { kind: 'operator-cli' } | { kind: 'system' };

export const OPERATOR_CLI: Actor = { kind: 'operator-cli' };
export const SYSTEM: Actor = { kind: 'system' };
export const userActor = (id: string): Actor => ({ kind: 'user', id });

/** The actor as one string for log lines and audit rows: a user id, `operator-cli` or `system`. */
export const actorLabel = (actor: Actor): string => (actor.kind === 'user' ? actor.id : actor.kind);
