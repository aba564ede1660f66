import { highestRank, isRole, Role, satisfiesRoles } from './role.js';

describe('role hierarchy', () => {
  it('admits a role and every role above it', () => {
    expect(satisfiesRoles([Role.User], [Role.User])).toBe(true);
    expect(satisfiesRoles([Role.Editor], [Role.User])).toBe(true);
    expect(satisfiesRoles([Role.Admin], [Role.Editor])).toBe(true);
  });

  it('refuses a role below the required one', () => {
    expect(satisfiesRoles([Role.User], [Role.Editor])).toBe(false);
    expect(satisfiesRoles([Role.Editor], [Role.Admin])).toBe(false);
    expect(satisfiesRoles([], [Role.User])).toBe(false);
  });

  it('ignores unknown role names instead of ranking them', () => {
    expect(satisfiesRoles(['superuser', 'root'], [Role.User])).toBe(false);
    expect(highestRank(['nope'])).toBe(0);
    expect(isRole('admin')).toBe(true);
    expect(isRole('toString')).toBe(false);
  });

  it('passes when no role is required and when any one of several is met', () => {
    expect(satisfiesRoles([], [])).toBe(true);
    expect(satisfiesRoles([Role.Editor], [Role.Admin, Role.Editor])).toBe(true);
  });
});
