import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import type { JwtConfig } from '../../config/configuration.js';
import { SigningKeysService } from '../keys/signing-keys.service.js';
import type { Role } from '../roles/role.enum.js';
import { ACCESS_TOKEN_TYP, buildPayload } from './access-token-claims.js';
import { AccessTokenEnvelopeService } from './access-token-envelope.service.js';

export interface IssuedAccessToken {
  token: string;
  expiresIn: number;
}

/** Signs access tokens with the active key through JwtService, then encrypts them when JWT_ENCRYPTION_KEY is set. */
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
    const jws = this.jwtService.sign(buildPayload(sid, roles), {
      privateKey: key.privateKey,
      algorithm: key.alg as 'HS256' | 'RS256' | 'ES256',
      keyid: key.kid,
      header: { alg: key.alg, typ: ACCESS_TOKEN_TYP, kid: key.kid },
      issuer: this.jwt.issuer,
      audience: this.jwt.audience,
      subject: userId,
      jwtid: randomUUID(),
      expiresIn: this.jwt.accessTtlSeconds,
    });
    return { token: await this.envelope.seal(jws), expiresIn: this.jwt.accessTtlSeconds };
  }
}
