import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ExtractJwt } from 'passport-jwt';
import type { AuthUser } from '../authorization/index.js';
import type { JwtConfig } from '../config/index.js';
import { REVOCATION_STORE, type RevocationStore } from '../sessions/index.js';
import { toAuthUser } from './access-token-claims.js';
import { AccessTokenEnvelopeService } from './access-token-envelope.service.js';
import { AccessTokenHeaderRules } from './access-token-header.js';
import { type CookieRequest, CookieCredentialsService } from './cookie-credentials.service.js';
import { verifyCompactJws } from './compact-jws.js';
import { SigningKeysService } from './keys/signing-keys.service.js';
import { VerifiedTokenCache } from './verified-token-cache.js';
import { AuthorizationErrors } from '../authorization/index.js';

/** A credential as a request presents it. */
export interface PresentedCredential {
  token: string;
  viaCookie: boolean;
}

export interface AuthenticateOptions {
  /** Forward-auth: CSRF judges the method the proxy is checking (X-Forwarded-Method), not this request's GET. */
  forwardAuth?: boolean;
}

const fromBearerHeader = ExtractJwt.fromAuthHeaderAsBearerToken();

// Enough for every client of a busy instance; about 1 KiB each.
const VERIFIED_CACHE_ENTRIES = 10_000;

/**
 * The one place that decides whether a presented access token is good, read top to bottom:
 * extraction (Bearer header, else the access cookie) → JWE opening → header rules (pinned alg, typ, known kid, no
 * key-bearing or critical headers, canonical encoding) → signature (node:crypto on the prepared KeyObject, every
 * algorithm alike), then iss, aud, exp and nbf → claim shape and lifetime → revocation → CSRF for a cookie on an
 * unsafe request. It touches no database. Signing stays with JwtService (jose for EdDSA); verifying here directly
 * costs one signature check and one JSON.parse of the payload, where jsonwebtoken re-encoded the signature and
 * parsed the token twice (see BENCHMARKS.md).
 *
 * A token that passed everything but revocation is remembered until it expires, keyed by the token as presented, so
 * a client that repeats its token pays for decryption and signature once; revocation is checked on every call.
 */
@Injectable()
export class AccessTokenVerifier {
  private readonly jwt: JwtConfig;
  private readonly maxLifetimeSeconds: number;
  private readonly verified: VerifiedTokenCache;
  private readonly headerRules: AccessTokenHeaderRules;

  constructor(
    private readonly keys: SigningKeysService,
    private readonly envelope: AccessTokenEnvelopeService,
    private readonly cookies: CookieCredentialsService,
    @Inject(REVOCATION_STORE) private readonly revocations: RevocationStore,
    @Inject(ConfigService) config: ConfigService,
  ) {
    this.jwt = config.getOrThrow<JwtConfig>('jwt');
    this.maxLifetimeSeconds = this.jwt.accessTtlSeconds + this.jwt.clockToleranceSeconds;
    this.verified = new VerifiedTokenCache(VERIFIED_CACHE_ENTRIES, this.jwt.clockToleranceSeconds);
    this.headerRules = new AccessTokenHeaderRules(keys.algorithm);
  }

  /**
   * The caller a request authenticates as, or undefined when it presents no credential at all. Throws 401 for a
   * credential that is not good, 403 for a cookie without its CSRF token on an unsafe request, and 503 when the
   * revocation state cannot be vouched for (fail closed).
   */
  async authenticate(request: CookieRequest, options: AuthenticateOptions = {}): Promise<AuthUser | undefined> {
    return this.authenticateNow(request, options);
  }

  /**
   * authenticate() without a promise whenever the answer is at hand, which is always but for an encrypted token not
   * yet in the cache (jose decrypts asynchronously): the same checks in the same order, a refusal thrown rather than
   * rejected. For the global guard, which runs on every request: on node 20 each promise a request creates also runs
   * the async hook behind AsyncLocalStorage (the audit's request context), so each one saved counts.
   */
  authenticateNow(request: CookieRequest, options: AuthenticateOptions = {}): AuthUser | undefined | Promise<AuthUser | undefined> {
    const credential = this.credentialOf(request);
    if (!credential) return undefined;
    const user = this.verifyNow(credential.token);
    if (user instanceof Promise) return user.then((verified) => this.withCsrf(request, credential, verified, options));
    return this.withCsrf(request, credential, user, options);
  }

  private withCsrf(request: CookieRequest, credential: PresentedCredential, user: AuthUser, options: AuthenticateOptions): AuthUser {
    if (credential.viaCookie) {
      const method = options.forwardAuth ? this.cookies.forwardedMethod(request) : request.method;
      this.cookies.assertCsrf(request, user.sid, method);
    }
    return user;
  }

  /** The Authorization header wins; without one, the access cookie (cookie mode). A non-Bearer header is a bad credential. */
  credentialOf(request: CookieRequest): PresentedCredential | undefined {
    if (request.headers.authorization !== undefined) {
      return { token: fromBearerHeader(request) ?? '', viaCookie: false };
    }
    const cookie = this.cookies.read(request, 'access');
    return cookie ? { token: cookie, viaCookie: true } : undefined;
  }

  /** The caller that `token` names, if it is good right now; a 401 DomainError (or 503) otherwise. */
  async verify(token: string): Promise<AuthUser> {
    return this.verifyNow(token);
  }

  /** verify() without a promise unless an encrypted token must be decrypted first (see authenticateNow). */
  private verifyNow(token: string): AuthUser | Promise<AuthUser> {
    const cached = this.verified.get(token);
    if (cached) return this.unlessRevoked(cached);
    if (!this.envelope.seals) return this.unlessRevoked(this.verifySigned(token, this.envelope.openUnsealed(token)));
    return this.envelope.open(token).then((jws) => this.unlessRevoked(this.verifySigned(token, jws)));
  }

  private unlessRevoked(user: AuthUser): AuthUser {
    // Throws a 503 DomainError when the store cannot vouch for its state (fail closed).
    if (this.revocations.isRevoked(user.sid)) throw AuthorizationErrors.tokenInvalid();
    return user;
  }

  /** The checks after opening: `jws` is the signed token inside `token` (undefined when the envelope refused it). */
  private verifySigned(token: string, jws: string | undefined): AuthUser {
    if (jws === undefined) throw AuthorizationErrors.tokenInvalid();
    const header = this.headerRules.check(jws);
    if ('reason' in header) throw AuthorizationErrors.tokenInvalid();
    const key = this.keys.verificationKey(header.kid);
    if (!key) throw AuthorizationErrors.tokenInvalid();
    const payload = verifyCompactJws(jws, key, this.jwt);
    if (!payload) throw AuthorizationErrors.tokenInvalid();
    // The claims we rely on, and a lifetime within ACCESS_TOKEN_TTL.
    const user = toAuthUser(payload, this.maxLifetimeSeconds);
    if (!user) throw AuthorizationErrors.tokenInvalid();
    this.verified.set(token, user);
    return user;
  }
}
