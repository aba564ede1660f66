import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { JwtConfig } from '../../config/configuration.js';
import type { AuthUser } from '../auth-user.js';
import type { SigningKey } from '../keys/signing-key.js';
import { SigningKeysService } from '../keys/signing-keys.service.js';
import { REVOCATION_STORE, type RevocationStore } from '../revocation/revocation-store.js';
import { toAuthUser } from '../tokens/access-token-claims.js';
import { verifyEdDsa } from '../tokens/eddsa-access-token.js';
import { checkAccessTokenHeader } from './access-token-header.js';
import { VerifiedTokenCache } from './verified-token-cache.js';

/** Where the guard leaves a token it has already unwrapped (JWE) or read from a cookie. */
export const TOKEN_ON_REQUEST = Symbol('gatehouse:accessToken');

const fromBearerHeader = ExtractJwt.fromAuthHeaderAsBearerToken();

type TokenRequest = FastifyRequest & { [TOKEN_ON_REQUEST]?: string };
const extractToken = (req: TokenRequest) => req[TOKEN_ON_REQUEST] ?? fromBearerHeader(req);

// Enough for every client of a busy instance; about 1 KiB each.
const VERIFIED_CACHE_ENTRIES = 10_000;

/** Header rules, then the prepared key of a known, unretired kid; an Error for any refusal. */
function resolveKey(keys: SigningKeysService, rawToken: string): SigningKey | Error {
  const header = checkAccessTokenHeader(rawToken, keys.algorithm);
  if ('reason' in header) return new Error(header.reason);
  return keys.verificationKey(header.kid) ?? new Error('unknown kid');
}

/**
 * Validates every access token: header rules first (pinned alg, typ, known kid, no key-bearing headers),
 * then jsonwebtoken (jose for EdDSA) checks the signature with a prepared KeyObject, iss, aud, exp and nbf (5 s tolerance),
 * then the claims' shape and the in-memory revocation store. Stateless: no database query.
 * A token that passed all but the revocation check is remembered until it expires, so its signature is checked once.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  private readonly jwt: JwtConfig;
  private readonly verified: VerifiedTokenCache;

  constructor(
    private readonly keys: SigningKeysService,
    @Inject(REVOCATION_STORE) private readonly revocations: RevocationStore,
    @Inject(ConfigService) config: ConfigService,
  ) {
    const jwt = config.getOrThrow<JwtConfig>('jwt');
    super({
      jwtFromRequest: extractToken,
      secretOrKeyProvider: (_req: unknown, rawToken: string, done: (err: Error | null, key?: string) => void) => {
        const key = resolveKey(keys, rawToken);
        if (key instanceof Error) return done(key);
        // jsonwebtoken takes a KeyObject (prepared once, never re-parsed); the typings only list string | Buffer.
        done(null, key.verifyKey as unknown as string);
      },
      algorithms: [jwt.algorithm as 'HS256' | 'RS256' | 'ES256'],
      issuer: jwt.issuer,
      audience: jwt.audience,
      ignoreExpiration: false,
      jsonWebTokenOptions: { clockTolerance: jwt.clockToleranceSeconds },
      passReqToCallback: true,
    });
    this.jwt = jwt;
    this.verified = new VerifiedTokenCache(VERIFIED_CACHE_ENTRIES, jwt.clockToleranceSeconds);
  }

  authenticate(req: Parameters<Strategy['authenticate']>[0], options?: object): void {
    const token = extractToken(req as unknown as TokenRequest);
    if (!token) return this.fail(new Error('No auth token'), 401);
    const known = this.verified.get(token);
    if (known) return this.admit(known);
    if (this.keys.algorithm !== 'EdDSA') return super.authenticate(req, options);
    // jsonwebtoken (inside passport-jwt) has no EdDSA, so EdDSA tokens take this one detour: the same extractor,
    // header rules, key lookup and claim checks, with jose checking signature, iss, aud, exp and nbf instead.
    const key = resolveKey(this.keys, token);
    if (key instanceof Error) return this.fail(key, 401);
    verifyEdDsa(token, key, this.jwt).then(
      (payload) => {
        const user = this.remember(token, payload);
        return user ? this.admit(user) : this.fail(new Error('invalid claims'), 401);
      },
      (error: unknown) => this.fail(error, 401),
    );
  }

  /** passport-jwt's verify callback: the signature, iss, aud, exp and nbf are good; check the rest. */
  validate(req: TokenRequest, payload: Record<string, unknown>): AuthUser | false {
    const user = this.remember(extractToken(req) ?? '', payload);
    if (!user) return false;
    // Throws a 503 DomainError when the store cannot vouch for its state (fail closed).
    return this.revocations.isRevoked(user.sid) ? false : user;
  }

  private remember(token: string, payload: Record<string, unknown>): AuthUser | undefined {
    const user = toAuthUser(payload, this.jwt.accessTtlSeconds + this.jwt.clockToleranceSeconds);
    if (user && token) this.verified.set(token, user);
    return user;
  }

  /** Revocation is checked on every request, cached token or not. */
  private admit(user: AuthUser): void {
    let revoked: boolean;
    try {
      revoked = this.revocations.isRevoked(user.sid);
    } catch (error) {
      return this.error(error as Error);
    }
    return revoked ? this.fail(new Error('revoked'), 401) : this.success(user);
  }
}
