import { createHash } from 'node:crypto';
import { ALL_ROLES, type Role } from '../authorization/index.js';

/**
 * API keys share the sessions' revocation store (memory, database poll, or Redis pub/sub): a revoked "sid" there is
 * how every instance learns at once that what it remembers about a key is stale. Two kinds of ids are used:
 * - the key's id, revoked when the key is revoked;
 * - an id for "this owner, holding these roles", revoked when the owner's roles change or the owner is disabled or
 *   deleted. An instance remembers a key together with its owner's roles, so it checks exactly the id of the state it
 *   saw; a promotion or demotion revokes every other state, and the next request re-reads the key from the database.
 * Ids fit the store's 36 characters and cannot be mistaken for a session's UUID.
 */
export function ownerStateRevocationId(ownerId: string, ownerRoles: readonly Role[]): string {
  const roles = [...new Set(ownerRoles)].sort().join(',');
  return 'k' + createHash('sha256').update(`api-key-owner:${ownerId}:${roles}`).digest('base64url').slice(0, 35);
}

/** Every role set an owner could have held: 7 ids, so a listener needs no database read to know the old roles. */
export function everyOwnerStateRevocationId(ownerId: string, except?: readonly Role[]): string[] {
  const keep = except ? ownerStateRevocationId(ownerId, except) : undefined;
  const ids: string[] = [];
  for (let mask = 1; mask < 1 << ALL_ROLES.length; mask++) {
    const roles = ALL_ROLES.filter((_, i) => mask & (1 << i));
    const id = ownerStateRevocationId(ownerId, roles);
    if (id !== keep) ids.push(id);
  }
  return ids;
}
