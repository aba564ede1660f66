import { Reflector } from '@nestjs/core';
import { httpContext } from '../../../test/support/execution-context.js';
import { DomainError } from '../../common/domain-error.js';
import type { AuthUser } from '../auth-user.js';
import { OptionalAuth, Public } from '../decorators/public.decorator.js';
import { AuthCookiesService } from '../cookies/auth-cookies.service.js';
import { AccessTokenEnvelopeService } from '../tokens/access-token-envelope.service.js';
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
  const guard = new JwtAuthGuard(new Reflector(), new AccessTokenEnvelopeService(config), new AuthCookiesService(config));

  it('lets a @Public() handler or class through without looking at the request', async () => {
    await expect(guard.canActivate(httpContext(MixedController, 'open', { headers: {} }))).resolves.toBe(true);
    await expect(guard.canActivate(httpContext(PublicController, 'anything', { headers: {} }))).resolves.toBe(true);
  });

  it('lets an @OptionalAuth() route through anonymously when no token is sent', async () => {
    const request: { headers: object; user?: AuthUser } = { headers: {} };
    await expect(guard.canActivate(httpContext(MixedController, 'maybe', request))).resolves.toBe(true);
    expect(request.user).toBeUndefined();
  });

  it('does not treat an unmarked handler as public', async () => {
    // Without the passport strategy registered, reaching passport fails: the guard did not wave the request through.
    await expect(guard.canActivate(httpContext(MixedController, 'guarded', { headers: {} }))).rejects.toBeDefined();
  });

  describe('handleRequest', () => {
    const context = (headers: Record<string, string>) => httpContext(MixedController, 'guarded', { headers });
    const refusal = (headers: Record<string, string>, err: unknown = null): DomainError => {
      try {
        guard.handleRequest(err, false, undefined, context(headers));
      } catch (error) {
        return error as DomainError;
      }
      throw new Error('expected a refusal');
    };

    it('answers 401 with a bare challenge when there is no user and no token', () => {
      const error = refusal({});
      expect(error).toBeInstanceOf(DomainError);
      expect(error.status).toBe(401);
      expect(error.headers['WWW-Authenticate']).toBe('Bearer realm="gatehouse"');
    });

    it('answers 401 invalid_token when a token was sent but yielded no user', () => {
      const error = refusal({ authorization: 'Bearer junk' });
      expect(error.status).toBe(401);
      expect(error.headers['WWW-Authenticate']).toBe('Bearer realm="gatehouse", error="invalid_token"');
    });

    it('passes an error from the strategy on unchanged (e.g. a 503 from the revocation store)', () => {
      const unavailable = new DomainError('REVOCATION_UNAVAILABLE', 503, 'down');
      expect(refusal({ authorization: 'Bearer x' }, unavailable)).toBe(unavailable);
    });

    it('returns the user the strategy produced', () => {
      expect(guard.handleRequest(null, user, undefined, context({ authorization: 'Bearer x' }))).toBe(user);
    });
  });
});
