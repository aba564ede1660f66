import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { JwtConfig } from '../../config/configuration.js';
import type { AuthUser } from '../auth-user.js';
import { SigningKeysService } from '../keys/signing-keys.service.js';
import { REVOCATION_STORE, type RevocationStore } from '../revocation/revocation-store.js';
import { toAuthUser } from '../tokens/access-token-claims.js';
import { checkAccessTokenHeader } from './access-token-header.js';

/** Where the guard leaves a token it has already unwrapped (JWE) or read from a cookie. */
export const TOKEN_ON_REQUEST = Symbol('gatehouse:accessToken');

const fromBearerHeader = ExtractJwt.fromAuthHeaderAsBearerToken();

/**
 * Validates every access token: header rules first (pinned alg, typ, known kid, no key-bearing headers),
 * then jsonwebtoken checks the signature with a prepared KeyObject, iss, aud, exp and nbf (5 s tolerance),
 * then the claims' shape and the in-memory revocation store. Stateless: no database query.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    keys: SigningKeysService,
    @Inject(REVOCATION_STORE) private readonly revocations: RevocationStore,
    @Inject(ConfigService) config: ConfigService,
  ) {
    const jwt = config.getOrThrow<JwtConfig>('jwt');
    super({
      jwtFromRequest: (req: FastifyRequest & { [TOKEN_ON_REQUEST]?: string }) => req[TOKEN_ON_REQUEST] ?? fromBearerHeader(req),
      secretOrKeyProvider: (_req: unknown, rawToken: string, done: (err: Error | null, key?: string) => void) => {
        const header = checkAccessTokenHeader(rawToken, keys.algorithm);
        if ('reason' in header) return done(new Error(header.reason));
        const key = keys.verificationKey(header.kid);
        if (!key) return done(new Error('unknown kid'));
        // jsonwebtoken takes a KeyObject (prepared once, never re-parsed); the typings only list string | Buffer.
        done(null, key.verifyKey as unknown as string);
      },
      algorithms: [jwt.algorithm as 'HS256' | 'RS256' | 'ES256'],
      issuer: jwt.issuer,
      audience: jwt.audience,
      ignoreExpiration: false,
      jsonWebTokenOptions: { clockTolerance: jwt.clockToleranceSeconds },
    });
  }

  validate(payload: Record<string, unknown>): AuthUser | false {
    const user = toAuthUser(payload);
    if (!user) return false;
    // Throws a 503 DomainError when the store cannot vouch for its state (fail closed).
    if (this.revocations.isRevoked(user.sid)) return false;
    return user;
  }
}
