import { Role } from '../authorization/index.js';
import { everyOwnerStateRevocationId, ownerStateRevocationId } from './api-key-revocation-ids.js';

describe('revocation ids of API key owners', () => {
  it('fit the revocation store (36 characters) and depend on the owner and the set of roles, not their order', () => {
    const id = ownerStateRevocationId('owner-1', [Role.Editor, Role.User]);
    expect(id).toHaveLength(36);
    expect(ownerStateRevocationId('owner-1', [Role.User, Role.Editor, Role.User])).toBe(id);
    expect(ownerStateRevocationId('owner-2', [Role.Editor, Role.User])).not.toBe(id);
    expect(ownerStateRevocationId('owner-1', [Role.Editor])).not.toBe(id);
  });

  it('after a role change, cover every role set the owner could have been remembered with, except the new one', () => {
    const all = everyOwnerStateRevocationId('owner-1');
    expect(new Set(all).size).toBe(7);
    const afterDemotion = everyOwnerStateRevocationId('owner-1', [Role.User]);
    expect(afterDemotion).toHaveLength(6);
    expect(afterDemotion).not.toContain(ownerStateRevocationId('owner-1', [Role.User]));
    expect(afterDemotion).toContain(ownerStateRevocationId('owner-1', [Role.Editor]));
    expect(afterDemotion).toContain(ownerStateRevocationId('owner-1', [Role.Admin, Role.Editor, Role.User]));
  });
});
