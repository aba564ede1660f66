import { Inject, Injectable } from '@nestjs/common';
import { DomainEventBus } from '../events/index.js';
import { REVOCATION_STORE, type RevocationStore } from '../sessions/index.js';
import { UserDeleted, UserRolesChanged, UserStatusChanged } from '../users/index.js';
import { ApiKeyAuthenticator, VERIFIED_KEY_TTL_MS } from './api-key-authenticator.service.js';
import { everyOwnerStateRevocationId } from './api-key-revocation-ids.js';
import { ApiKeyRevoked } from './api-key.events.js';

// Outlives every remembered key that it makes stale, with room for instances whose clocks differ.
const REVOCATION_LIFETIME_MS = VERIFIED_KEY_TTL_MS + 60_000;

/**
 * Makes a revoked key, or a changed owner, count at once on every instance: this instance forgets what it
 * remembered, and the sessions' revocation store (Redis pub/sub, or the database poll) tells the others. Awaited by
 * the publisher like every listener, so a revocation that could not be shared fails the request (fail closed).
 */
@Injectable()
export class ApiKeyRevocationListener {
  constructor(
    bus: DomainEventBus,
    private readonly authenticator: ApiKeyAuthenticator,
    @Inject(REVOCATION_STORE) private readonly revocations: RevocationStore,
  ) {
    bus.subscribe(ApiKeyRevoked, (e) => {
      this.authenticator.forget(e.keyId);
      return this.share([e.keyId]);
    });
    // The new roles stay valid; every other role set this owner could have been remembered with is stale.
    bus.subscribe(UserRolesChanged, (e) => this.ownerChanged(e.userId, e.roles));
    bus.subscribe(UserStatusChanged, (e) => (e.disabled ? this.ownerChanged(e.userId) : undefined));
    bus.subscribe(UserDeleted, (e) => this.ownerChanged(e.userId));
  }

  private ownerChanged(ownerId: string, rolesStillValid?: Parameters<typeof everyOwnerStateRevocationId>[1]): Promise<void> {
    this.authenticator.forgetOwner(ownerId);
    return this.share(everyOwnerStateRevocationId(ownerId, rolesStillValid));
  }

  private share(ids: string[]): Promise<void> {
    const expiresAt = new Date(Date.now() + REVOCATION_LIFETIME_MS);
    return this.revocations.revoke(ids.map((sid) => ({ sid, expiresAt })));
  }
}
