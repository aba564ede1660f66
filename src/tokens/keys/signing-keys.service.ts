import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createSecretKey } from 'node:crypto';
import type { JWK } from 'jose';
import type { JwtAlgorithm, JwtConfig } from '../../config/index.js';
import { deleteStoredKey, listStoredKeys, markActiveFrom, readPrivateKey, writeNewKey } from './key-files.js';
import { keyToActivate, retirementTimes, signingIndex } from './key-schedule.js';
import { toSigningKey, type SigningKey } from './signing-key.js';

/**
 * Loads the signing keys of the configured algorithm from JWT_KEYS_DIR once, as prepared KeyObjects,
 * generating the first one when the folder has none. The newest active key signs; older keys verify
 * until every token they signed has expired (TTL + clock tolerance after a newer key took over), then
 * leave JWKS and are deleted at the next start.
 */
@Injectable()
export class SigningKeysService implements OnModuleInit {
  private readonly logger = new Logger(SigningKeysService.name);
  private readonly jwt: JwtConfig;
  private keys: SigningKey[] = [];
  private byKid = new Map<string, SigningKey>();

  constructor(@Inject(ConfigService) config: ConfigService) {
    this.jwt = config.getOrThrow<JwtConfig>('jwt');
  }

  async onModuleInit(): Promise<void> {
    this.keys = await this.loadKeys(Date.now());
    this.byKid = new Map(this.keys.map((k) => [k.kid, k]));
    const active = this.activeKey();
    this.logger.log(`${this.jwt.algorithm}: signing with kid ${active.kid}; ${this.keys.length} key(s) verify`);
  }

  get algorithm(): JwtAlgorithm {
    return this.jwt.algorithm;
  }

  /** The key that signs new tokens now: the newest active one (a staged key takes over at its time). */
  activeKey(nowMs = Date.now()): SigningKey {
    return this.keys[Math.max(signingIndex(this.keys, nowMs), 0)];
  }

  /** A key that may verify a token carrying this kid, or undefined for an unknown or retired kid. */
  verificationKey(kid: string, nowMs = Date.now()): SigningKey | undefined {
    const key = this.byKid.get(kid);
    return key && !isRetired(key, nowMs) ? key : undefined;
  }

  /** Public JWKs of every key that can still verify a live token, staged ones included ([] for HMAC). */
  publicJwks(nowMs = Date.now()): JWK[] {
    return this.keys.filter((k) => k.publicJwk && !isRetired(k, nowMs)).map((k) => k.publicJwk as JWK);
  }

  private async loadKeys(nowMs: number): Promise<SigningKey[]> {
    const { algorithm, secret, keysDir } = this.jwt;
    if (algorithm === 'HS256' && secret) {
      // A configured secret is one key that never rotates by file; changing JWT_SECRET is the rotation.
      return [await toSigningKey(algorithm, createSecretKey(Buffer.from(secret, 'utf8')), 0, 0)];
    }
    let stored = await listStoredKeys(keysDir, algorithm);
    if (stored.length === 0) stored = [await writeNewKey(keysDir, algorithm, nowMs)];
    const pending = keyToActivate(stored, nowMs);
    if (pending >= 0) stored[pending].activeFromMs = await markActiveFrom(keysDir, stored[pending], nowMs);

    const graceMs = (this.jwt.accessTtlSeconds + this.jwt.clockToleranceSeconds) * 1000;
    const retiresAt = retirementTimes(stored, graceMs);
    const signing = signingIndex(stored, nowMs);
    const keys: SigningKey[] = [];
    for (const [i, entry] of stored.entries()) {
      if (i !== signing && retiresAt[i] !== undefined && retiresAt[i] <= nowMs) {
        await deleteStoredKey(keysDir, entry);
        continue;
      }
      const privateKey = await readPrivateKey(keysDir, entry);
      keys.push(await toSigningKey(algorithm, privateKey, entry.createdMs, entry.activeFromMs, retiresAt[i]));
    }
    return keys;
  }
}

function isRetired(key: SigningKey, nowMs: number): boolean {
  return key.retiresAtMs !== undefined && key.retiresAtMs <= nowMs;
}
