import { Reflector } from '@nestjs/core';
import { httpContext } from '../../test/support/execution-context.js';
import { DomainError } from '../common/index.js';
import { type AuthUser, OptionalAuth, Public } from '../authorization/index.js';
import { AuthCookiesService } from './auth-cookies.service.js';
import type { SessionsService } from '../sessions/index.js';
import { AccessTokenEnvelopeService } from './access-token-envelope.service.js';
import type { JwtStrategy } from './jwt.strategy.js';
import { JwtAuthGuard } from './jwt-auth.guard.js';

@Public()
class PublicController {
  anything() {}
}

class MixedController {
  @Public()
  open() {}
  @OptionalAuth()
  maybe() {}
  guarded() {}
}

const user: AuthUser = { id: 'u', sid: 's', jti: 'j', exp: 0, roles: [] };

describe('JwtAuthGuard', () => {
  // Bearer-only configuration: no encryption, no cookies.
  const config = {
    getOrThrow: (key: string) => ({ jwt: { encryptionKey: undefined }, security: { cookies: false }, env: 'test' })[key],
  } as unknown as ConstructorParameters<typeof AccessTokenEnvelopeService>[0];
  // A stand-in for the strategy: each test says how the authentication attempt ends.
  type Outcome = { success(u: AuthUser): void; fail(): void; error(e: unknown): void };
  let outcome: (attempt: Outcome) => void = (attempt) => attempt.fail();
  const strategy = { authenticate(this: Outcome) { outcome(this); } } as unknown as JwtStrategy;
  const guard = new JwtAuthGuard(new Reflector(), new AccessTokenEnvelopeService(config), new AuthCookiesService(config, {} as SessionsService), strategy);

  it('lets a @Public() handler or class through without looking at the request', async () => {
    await expect(guard.canActivate(httpContext(MixedController, 'open', { headers: {} }))).resolves.toBe(true);
    await expect(guard.canActivate(httpContext(PublicController, 'anything', { headers: {} }))).resolves.toBe(true);
  });

  it('lets an @OptionalAuth() route through anonymously when no token is sent', async () => {
    const request: { headers: object; user?: AuthUser } = { headers: {} };
    await expect(guard.canActivate(httpContext(MixedController, 'maybe', request))).resolves.toBe(true);
    expect(request.user).toBeUndefined();
  });

  it('does not treat an unmarked handler as public: no token is a 401 with a bare challenge', async () => {
    outcome = (attempt) => attempt.fail();
    const error = await guard.canActivate(httpContext(MixedController, 'guarded', { headers: {} })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).status).toBe(401);
    expect((error as DomainError).headers['WWW-Authenticate']).toBe('Bearer realm="gatehouse"');
  });

  it('answers 401 invalid_token when a token was sent but the strategy refused it', async () => {
    outcome = (attempt) => attempt.fail();
    const error = (await guard
      .canActivate(httpContext(MixedController, 'guarded', { headers: { authorization: 'Bearer junk' } }))
      .catch((e: unknown) => e)) as DomainError;
    expect(error.status).toBe(401);
    expect(error.headers['WWW-Authenticate']).toBe('Bearer realm="gatehouse", error="invalid_token"');
  });

  it('passes an error from the strategy on unchanged (e.g. a 503 from the revocation store), even on optional routes', async () => {
    const unavailable = new DomainError('REVOCATION_UNAVAILABLE', 503, 'down');
    outcome = (attempt) => attempt.error(unavailable);
    const headers = { authorization: 'Bearer x' };
    await expect(guard.canActivate(httpContext(MixedController, 'guarded', { headers }))).rejects.toBe(unavailable);
    await expect(guard.canActivate(httpContext(MixedController, 'maybe', { headers }))).rejects.toBe(unavailable);
  });

  it('puts the user the strategy produced on the request', async () => {
    outcome = (attempt) => attempt.success(user);
    const request: { headers: object; user?: AuthUser } = { headers: { authorization: 'Bearer x' } };
    await expect(guard.canActivate(httpContext(MixedController, 'guarded', request))).resolves.toBe(true);
    expect(request.user).toBe(user);
  });

  it('treats a refused token on an @OptionalAuth() route as anonymous', async () => {
    outcome = (attempt) => attempt.fail();
    const request: { headers: object; user?: AuthUser } = { headers: { authorization: 'Bearer junk' } };
    await expect(guard.canActivate(httpContext(MixedController, 'maybe', request))).resolves.toBe(true);
    expect(request.user).toBeUndefined();
  });
});
