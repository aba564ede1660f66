import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { type AuthUser, OptionalAuth, Public } from '../authorization/index.js';
import { DomainError } from '../common/index.js';
import type { ApiKeyAuthenticator } from '../api-keys/index.js';
import type { AccessTokenVerifier } from './access-token-verifier.js';
import type { ForwardedRequests } from './forwarded-request.js';
import { ForwardAuth, JwtAuthGuard } from './jwt-auth.guard.js';
import { AuthorizationErrors } from '../authorization/index.js';

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
  @ForwardAuth()
  forwarded() {}
}

const user: AuthUser = { id: 'u', sid: 's', jti: 'j', exp: 0, roles: [] };
type Handler = keyof MixedController | 'anything';
const context = (cls: new () => object, handler: Handler, request: object) =>
  new ExecutionContextHost([request, {}], cls, (cls.prototype as Record<string, () => void>)[handler]);

// The guard's own logic (route metadata, optional routes); the verifier's decisions are tested through HTTP in test/.
describe('JwtAuthGuard', () => {
  let answer: () => AuthUser | undefined | Promise<AuthUser | undefined> = async () => undefined;
  const calls: { forwardAuth?: boolean }[] = [];
  const verifier = {
    authenticateNow: (_request: object, options: { forwardAuth?: boolean }) => {
      calls.push(options);
      return answer();
    },
  } as unknown as AccessTokenVerifier;
  const forwarded = { isPreflight: (request: { preflight?: boolean }) => request.preflight === true } as unknown as ForwardedRequests;
  const keyCalls: unknown[] = [];
  const apiKeys = {
    authenticate: async (presented: unknown) => {
      keyCalls.push(presented);
      return { ...user, apiKey: { id: 'k', prefix: 'gh_00000000' } };
    },
  } as unknown as ApiKeyAuthenticator;
  const guard = new JwtAuthGuard(new Reflector(), verifier, forwarded, apiKeys);
  // As Nest's GuardsConsumer calls it: a boolean or a promise, and a synchronous throw refuses the same way.
  const activate = (ctx: ExecutionContextHost): Promise<boolean> => Promise.resolve().then(() => guard.canActivate(ctx));

  beforeEach(() => {
    calls.length = 0;
    keyCalls.length = 0;
  });

  it('lets a @Public() handler or class through without asking the verifier', async () => {
    await expect(activate(context(MixedController, 'open', { headers: {} }))).resolves.toBe(true);
    await expect(activate(context(PublicController, 'anything', { headers: {} }))).resolves.toBe(true);
    expect(calls).toEqual([]);
  });

  it('lets an @OptionalAuth() route through anonymously when no credential is presented', async () => {
    answer = async () => undefined;
    const request: { headers: object; user?: AuthUser } = { headers: {} };
    await expect(activate(context(MixedController, 'maybe', request))).resolves.toBe(true);
    expect(request.user).toBeUndefined();
  });

  it('does not treat an unmarked handler as public: no credential is a 401 with a bare challenge', async () => {
    answer = async () => undefined;
    const error = (await activate(context(MixedController, 'guarded', { headers: {} })).catch((e: unknown) => e)) as DomainError;
    expect(error).toBeInstanceOf(DomainError);
    expect(error.status).toBe(401);
    expect(error.headers['WWW-Authenticate']).toBe('Bearer realm="gatehouse"');
  });

  it("passes the verifier's refusal on, and a 503 even on optional routes", async () => {
    answer = async () => {
      throw AuthorizationErrors.tokenInvalid();
    };
    await expect(activate(context(MixedController, 'guarded', { headers: {} }))).rejects.toMatchObject({ status: 401 });
    const unavailable = new DomainError('REVOCATION_UNAVAILABLE', 503, 'down');
    answer = async () => {
      throw unavailable;
    };
    await expect(activate(context(MixedController, 'guarded', { headers: {} }))).rejects.toBe(unavailable);
    await expect(activate(context(MixedController, 'maybe', { headers: {} }))).rejects.toBe(unavailable);
  });

  it('treats a refused credential on an @OptionalAuth() route as anonymous', async () => {
    answer = async () => {
      throw AuthorizationErrors.tokenInvalid();
    };
    const request: { headers: object; user?: AuthUser } = { headers: {} };
    await expect(activate(context(MixedController, 'maybe', request))).resolves.toBe(true);
    expect(request.user).toBeUndefined();
  });

  it('puts the verified caller on the request, and tells the verifier which routes are forward-auth', async () => {
    answer = async () => user;
    const request: { headers: object; user?: AuthUser } = { headers: {} };
    await expect(activate(context(MixedController, 'guarded', request))).resolves.toBe(true);
    expect(request.user).toBe(user);
    await activate(context(MixedController, 'forwarded', { headers: {} }));
    expect(calls.map((c) => Boolean(c.forwardAuth))).toEqual([false, true]);
  });

  it('lets a relayed preflight through the forward-auth route only, without asking the verifier', async () => {
    answer = async () => undefined;
    await expect(activate(context(MixedController, 'forwarded', { headers: {}, preflight: true }))).resolves.toBe(true);
    expect(calls).toEqual([]);
    const error = await activate(context(MixedController, 'guarded', { headers: {}, preflight: true })).catch((e: unknown) => e);
    expect((error as DomainError).status).toBe(401);
  });

  it('answers without a promise when the verifier does, and refuses by throwing', () => {
    answer = () => user;
    const request: { headers: object; user?: AuthUser } = { headers: {} };
    expect(guard.canActivate(context(MixedController, 'guarded', request))).toBe(true);
    expect(request.user).toBe(user);
    expect(guard.canActivate(context(MixedController, 'open', { headers: {} }))).toBe(true);
    answer = () => undefined;
    expect(() => guard.canActivate(context(MixedController, 'guarded', { headers: {} }))).toThrow(DomainError);
    answer = () => {
      throw AuthorizationErrors.tokenInvalid();
    };
    expect(() => guard.canActivate(context(MixedController, 'guarded', { headers: {} }))).toThrow(DomainError);
    expect(guard.canActivate(context(MixedController, 'maybe', request))).toBe(true);
    expect(request.user).toBeUndefined();
  });

  it('hands an X-API-Key to the key authenticator, never to the token verifier', async () => {
    const request: { headers: object; user?: AuthUser } = { headers: { 'x-api-key': 'gh_key' } };
    await expect(activate(context(MixedController, 'guarded', request))).resolves.toBe(true);
    expect(keyCalls).toEqual(['gh_key']);
    expect(calls).toEqual([]);
    expect(request.user?.apiKey?.id).toBe('k');
  });

  it('refuses a request that presents both a key and a bearer token (401 invalid_token)', async () => {
    const request = { headers: { 'x-api-key': 'gh_key', authorization: 'Bearer x' } };
    const error = (await activate(context(MixedController, 'guarded', request)).catch((e: unknown) => e)) as DomainError;
    expect(error).toMatchObject({ status: 401, code: 'AUTH_TOKEN_INVALID' });
    expect(keyCalls).toEqual([]);
    expect(calls).toEqual([]);
  });
});
