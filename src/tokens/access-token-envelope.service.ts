import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createSecretKey, type KeyObject } from 'node:crypto';
import { CompactEncrypt, compactDecrypt } from 'jose';
import type { JwtConfig } from '../config/index.js';
import { hasCanonicalSegments } from './canonical-base64url.js';

const JWE_HEADER = { alg: 'dir', enc: 'A256GCM', cty: 'JWT' } as const;

/**
 * Optional encryption of access tokens (JWT_ENCRYPTION_KEY): a compact JWE (dir, A256GCM, cty JWT) around
 * the signed token, so claims are unreadable to clients and proxies. The inner signature is still verified.
 */
@Injectable()
export class AccessTokenEnvelopeService {
  private readonly key?: KeyObject;

  constructor(@Inject(ConfigService) config: ConfigService) {
    const raw = config.getOrThrow<JwtConfig>('jwt').encryptionKey;
    this.key = raw ? createSecretKey(raw) : undefined;
  }

  /** True when tokens are sealed (JWT_ENCRYPTION_KEY): only then does opening one wait for a decryption. */
  get seals(): boolean {
    return this.key !== undefined;
  }

  /**
   * open() while encryption is off, without a promise (the verifier's hot path): the token itself, or undefined for
   * a JWE, which this instance cannot have issued.
   */
  openUnsealed(token: string): string | undefined {
    return segmentCount(token) === 5 ? undefined : token;
  }

  /** Wraps a signed token when encryption is on; returns it unchanged otherwise. */
  async seal(jws: string): Promise<string> {
    if (!this.key) return jws;
    return new CompactEncrypt(Buffer.from(jws, 'utf8')).setProtectedHeader(JWE_HEADER).encrypt(this.key);
  }

  /**
   * The inner signed token, or undefined when the token must be refused: a JWE while encryption is off,
   * a bare JWS while it is on (it would skip the confidentiality the operator asked for), a JWE that is not in
   * canonical base64url, or one that does not decrypt under our key with exactly dir / A256GCM / cty JWT.
   */
  async open(token: string): Promise<string | undefined> {
    if (!this.key) return this.openUnsealed(token);
    if (segmentCount(token) !== 5 || !hasCanonicalSegments(token)) return undefined;
    try {
      const { plaintext, protectedHeader } = await compactDecrypt(token, this.key, {
        keyManagementAlgorithms: ['dir'],
        contentEncryptionAlgorithms: ['A256GCM'],
      });
      if (protectedHeader.cty !== 'JWT') return undefined;
      return Buffer.from(plaintext).toString('utf8');
    } catch {
      return undefined;
    }
  }
}

/** The number of dot-separated segments, without splitting (this runs on every token a request presents). */
function segmentCount(token: string): number {
  let count = 1;
  for (let at = token.indexOf('.'); at >= 0; at = token.indexOf('.', at + 1)) count++;
  return count;
}
