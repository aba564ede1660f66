import type { Role } from '../authorization/index.js';
import type { Actor } from '../events/index.js';

/** Where a change came from, when it came through HTTP. */
export interface RequestOrigin {
  ip?: string;
  userAgent?: string;
}

/** A key was issued. Carries its public prefix, never the key or its hash. */
export class ApiKeyCreated {
  constructor(
    readonly keyId: string,
    readonly ownerId: string,
    readonly name: string,
    readonly prefix: string,
    readonly roles: readonly Role[],
    readonly expiresAt: Date | null,
    readonly actor: Actor,
    readonly origin: RequestOrigin = {},
  ) {}
}

/** A key was revoked: it stops working at once on every instance. */
export class ApiKeyRevoked {
  constructor(
    readonly keyId: string,
    readonly ownerId: string,
    readonly prefix: string,
    readonly actor: Actor,
    readonly origin: RequestOrigin = {},
  ) {}
}

/** A request presented a key past its expiry and was refused (401). */
export class ApiKeyExpiredUseRefused {
  constructor(
    readonly keyId: string,
    readonly ownerId: string,
    readonly prefix: string,
    readonly expiredAt: Date,
    readonly origin: RequestOrigin = {},
  ) {}
}
