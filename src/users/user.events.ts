import type { Actor } from '../events/index.js';
import type { Role } from '../authorization/index.js';

/** An account was created (registration, operator CLI, start-up bootstrap). */
export class UserCreated {
  constructor(
    readonly userId: string,
    readonly roles: readonly Role[],
    readonly actor: Actor | 'self',
  ) {}
}

/** The account's roles were replaced: every token it holds must stop working at once. */
export class UserRolesChanged {
  constructor(
    readonly userId: string,
    readonly roles: readonly Role[],
    readonly actor: Actor,
  ) {}
}

/** The account was disabled or enabled; disabling must end every session at once. */
export class UserStatusChanged {
  constructor(
    readonly userId: string,
    readonly disabled: boolean,
    readonly actor: Actor,
  ) {}
}

/**
 * The account is being deleted. Published after it was disabled and before its row (and, by cascade, its sessions)
 * goes, so that listeners can still find what belongs to it.
 */
export class UserDeleted {
  constructor(
    readonly userId: string,
    readonly actor: Actor,
  ) {}
}

/** The password was replaced: every session but `keptSessionId` (the one that made the change, if any) must end. */
export class UserPasswordChanged {
  constructor(
    readonly userId: string,
    readonly keptSessionId: string | undefined,
    readonly actor: Actor,
  ) {}
}

/** An admin or the operator CLI created a service account: a `kind: "service"` user with no password. */
export class ServiceAccountCreated {
  constructor(
    readonly userId: string,
    readonly name: string,
    readonly roles: readonly Role[],
    readonly actor: Actor,
  ) {}
}

/** The owner proved the account's address (a link sent to it, or an operator vouched for it). */
export class UserEmailVerified {
  constructor(
    readonly userId: string,
    readonly actor: Actor,
  ) {}
}

/** The account's address was replaced (and is verified): every session but `keptSessionId` must end. */
export class UserEmailChanged {
  constructor(
    readonly userId: string,
    readonly keptSessionId: string | undefined,
    readonly actor: Actor,
  ) {}
}
