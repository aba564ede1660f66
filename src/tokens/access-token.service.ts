import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import type { JwtConfig } from '../config/index.js';
import { SigningKeysService } from './keys/signing-keys.service.js';
import type { Role } from '../authorization/index.js';
import { ACCESS_TOKEN_TYP, type AuthenticationClaims, buildPayload } from './access-token-claims.js';
import { AccessTokenEnvelopeService } from './access-token-envelope.service.js';
import { signEdDsa } from './eddsa-access-token.js';

export interface IssuedAccessToken {
  token: string;
  expiresIn: number;
}

/** `iat` and `exp` (seconds) of a token about to be signed, fixed in advance so that `exp` can be recorded first. */
export interface AccessTokenTimes {
  iat: number;
  exp: number;
}

/** Signs access tokens with the active key (JwtService, or jose for EdDSA), then encrypts them when JWT_ENCRYPTION_KEY is set. */
@Injectable()
export class AccessTokenService {
  private readonly jwt: JwtConfig;

  constructor(
    private readonly jwtService: JwtService,
    private readonly keys: SigningKeysService,
    private readonly envelope: AccessTokenEnvelopeService,
    @Inject(ConfigService) config: ConfigService,
  ) {
    this.jwt = config.getOrThrow<JwtConfig>('jwt');
  }

  /** The times of a token signed now. */
  nextTimes(): AccessTokenTimes {
    const iat = Math.floor(Date.now() / 1000);
    return { iat, exp: iat + this.jwt.accessTtlSeconds };
  }

  async issue(userId: string, sid: string, roles: Role[], times: AccessTokenTimes, auth?: AuthenticationClaims): Promise<IssuedAccessToken> {
    const key = this.keys.activeKey();
    const payload = buildPayload(sid, roles, auth);
    const jwtId = randomUUID();
    const jws =
      key.alg === 'EdDSA'
        ? await signEdDsa(key, this.jwt, { payload, subject: userId, jwtId, ...times })
        : this.jwtService.sign(
            { ...payload, iat: times.iat, exp: times.exp },
            {
              privateKey: key.privateKey,
              algorithm: key.alg,
              header: { alg: key.alg, typ: ACCESS_TOKEN_TYP, kid: key.kid },
              issuer: this.jwt.issuer,
              audience: this.jwt.audience,
              subject: userId,
              jwtid: jwtId,
            },
          );
    return { token: await this.envelope.seal(jws), expiresIn: times.exp - times.iat };
  }
}
