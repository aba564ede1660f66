import type TestAgent from 'supertest/lib/agent.js';

export const PASSWORD = 'correct horse battery';
export const ADMIN_EMAIL = 'admin@gatehouse.test';
export const ADMIN_PASSWORD = 'admin password 123';

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  tokenType: string;
  expiresIn: number;
}

export type Account = Tokens & { id: string; email: string; auth: string };

let counter = 0;
export const uniqueEmail = (prefix = 'user') => `${prefix}-${process.pid}-${Date.now()}-${++counter}@example.com`;

/**
 * The account fixture, over any Gatehouse reachable by HTTP (an in-process app or an instance process). Every step
 * must succeed: a failed registration or login throws with the answer, never turns into a quiet "already there".
 */
export function accounts(http: () => TestAgent) {
  const login = async (email: string, password = PASSWORD): Promise<Account> => {
    const res = await http().post('/auth/login').send({ email, password });
    if (res.status !== 200) throw new Error(`login of ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    const tokens = res.body as Tokens;
    const me = await http().get('/auth/me').set('Authorization', `Bearer ${tokens.accessToken}`);
    if (me.status !== 200) throw new Error(`GET /auth/me for ${email} failed: ${me.status}`);
    return { ...tokens, id: me.body.id as string, email, auth: `Bearer ${tokens.accessToken}` };
  };
  return {
    /** Registers a new account (anything but 201 throws) and logs it in. */
    user: async (email = uniqueEmail(), password = PASSWORD): Promise<Account> => {
      const reg = await http().post('/auth/register').send({ email, password });
      if (reg.status !== 201) throw new Error(`register of ${email} failed: ${reg.status} ${JSON.stringify(reg.body)}`);
      return login(email, password);
    },
    /** Logs an existing account in. */
    login,
    /** The bootstrap admin (ADMIN_EMAIL / ADMIN_PASSWORD, which every test app and instance is started with). */
    admin: () => login(ADMIN_EMAIL, ADMIN_PASSWORD),
  };
}

/**
 * A fresh account holding `role`, logged in after the change (an admin sets the role through the API,
 * which revokes the tokens issued before it).
 */
export async function userWithRole(
  t: { http: () => TestAgent } & ReturnType<typeof accounts>,
  role: 'user' | 'editor' | 'admin',
  prefix: string = role,
) {
  const created = await t.user(uniqueEmail(prefix));
  if (role !== 'user') {
    const admin = await t.admin();
    const res = await t
      .http()
      .patch(`/users/${created.id}/roles`)
      .set('Authorization', admin.auth)
      .send({ roles: [role] });
    if (res.status !== 200) throw new Error(`role change failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return t.login(created.email);
}
