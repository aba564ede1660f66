export enum Role {
  User = 'user',
  Editor = 'editor',
  Admin = 'admin',
}

export const ALL_ROLES: readonly Role[] = [Role.User, Role.Editor, Role.Admin];
