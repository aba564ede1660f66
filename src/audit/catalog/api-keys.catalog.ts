import { userActor } from '../../events/index.js';
import { ServiceAccountCreated } from '../../users/index.js';
import { ApiKeyCreated, ApiKeyExpiredUseRefused, ApiKeyRevoked } from '../../api-keys/index.js';
import { entry, type AuditEntry } from './audit-entry.js';

/** Machine clients (issue 16). */
export const API_KEY_EVENTS: readonly AuditEntry[] = [
  // Machine clients (issue 16): the key's public id and prefix identify it; the key and its hash never appear.
  entry(ServiceAccountCreated, (e) => ({
    type: 'service_account.created',
    actor: e.actor,
    subjectId: e.userId,
    outcome: 'success',
    details: { roles: [...e.roles] },
  })),
  entry(ApiKeyCreated, (e) => ({
    type: 'api_key.created',
    actor: e.actor,
    subjectId: e.ownerId,
    ...e.origin,
    outcome: 'success',
    details: { keyId: e.keyId, prefix: e.prefix, roles: [...e.roles], expiresAt: e.expiresAt?.toISOString() ?? null },
  })),
  entry(ApiKeyRevoked, (e) => ({
    type: 'api_key.revoked',
    actor: e.actor,
    subjectId: e.ownerId,
    ...e.origin,
    outcome: 'success',
    details: { keyId: e.keyId, prefix: e.prefix },
  })),
  entry(
    ApiKeyExpiredUseRefused,
    (e) => ({
      type: 'api_key.expired_use',
      actor: userActor(e.ownerId),
      subjectId: e.ownerId,
      ...e.origin,
      outcome: 'refused',
      details: { keyId: e.keyId, prefix: e.prefix },
    }),
    true,
  ),
];
