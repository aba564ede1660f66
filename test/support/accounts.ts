import { PASSWORD, uniqueEmail, type TestApp } from './test-app.js';

/**
 * A fresh account holding `role`, logged in after the change (an admin sets the role through the API,
 * which revokes the tokens issued before it).
 */
export async function userWithRole(t: TestApp, role: 'user' | 'editor' | 'admin', prefix: string = role) {
  const created = await t.user(uniqueEmail(prefix));
  if (role !== 'user') {
    const admin = await t.admin();
    const res = await t.http().patch(`/users/${created.id}/roles`).set('Authorization', admin.auth).send({ roles: [role] });
    if (res.status !== 200) throw new Error(`role change failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return t.user(created.email, PASSWORD);
}
