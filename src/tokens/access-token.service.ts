import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import type { JwtConfig } from '../config/index.js';
import { SigningKeysService } from './keys/signing-keys.service.js';
import type { Role } from '../authorization/index.js';
import { ACCESS_TOKEN_TYP, buildPayload } from './access-token-claims.js';
import { AccessTokenEnvelopeService } from './access-token-envelope.service.js';
import { signEdDsa } from './eddsa-access-token.js';

export interface IssuedAccessToken {
  token: string;
  expiresIn: number;
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

  async issue(userId: string, sid: string, roles: Role[]): Promise<IssuedAccessToken> {
    const key = this.keys.activeKey();
    const payload = buildPayload(sid, roles);
    const jwtId = randomUUID();
    const jws =
      key.alg === 'EdDSA'
        ? await signEdDsa(key, this.jwt, { payload, subject: userId, jwtId })
        : this.jwtService.sign(payload, {
            privateKey: key.privateKey,
            algorithm: key.alg,
            header: { alg: key.alg, typ: ACCESS_TOKEN_TYP, kid: key.kid },
            issuer: this.jwt.issuer,
            audience: this.jwt.audience,
            subject: userId,
            jwtid: jwtId,
            expiresIn: this.jwt.accessTtlSeconds,
          });
    return { token: await this.envelope.seal(jws), expiresIn: this.jwt.accessTtlSeconds };
  }
}
