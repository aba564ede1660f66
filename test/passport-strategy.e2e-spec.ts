import passport from 'passport';
import type { AuthUser } from '../src/authorization/index.js';
import { JwtStrategy } from '../src/tokens/index.js';
import { startApp, type TestApp } from './support/test-app.js';

type Outcome = { user: AuthUser | false; status?: number; error?: unknown };

/**
 * `AuthGuard('jwt')` users get the Passport strategy 'jwt': a thin adapter over AccessTokenVerifier, so it must
 * decide exactly as the global guard does. Driven here through passport.authenticate itself, as @nestjs/passport does.
 */
describe("Passport strategy 'jwt' (for AuthGuard('jwt'))", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  function authenticate(authorization?: string): Promise<Outcome> {
    const strategy = t.app.get(JwtStrategy);
    const request = { method: 'GET', headers: authorization ? { authorization } : {} };
    return new Promise((resolve) => {
      const middleware = passport.authenticate(
        strategy,
        { session: false },
        (error: unknown, user: AuthUser | false, _info: unknown, status?: number) => resolve({ user, status, error }),
      ) as (req: unknown, res: unknown, next: (e?: unknown) => void) => void;
      middleware(request, {}, (error) => resolve({ user: false, error }));
    });
  }

  it('admits a good token with the caller the guard would see, and refuses what the guard refuses', async () => {
    const u = await t.user();
    const admitted = await authenticate(u.auth);
    expect(admitted.user).toMatchObject({ id: u.id, roles: ['user'] });

    expect((await authenticate()).user).toBe(false);
    expect((await authenticate('Bearer not-a-token')).user).toBe(false);

    expect((await t.http().post('/auth/logout').set('Authorization', u.auth)).status).toBe(204);
    const revoked = await authenticate(u.auth);
    expect(revoked.user).toBe(false);
    expect(revoked.error).toBeFalsy();
  });
});
