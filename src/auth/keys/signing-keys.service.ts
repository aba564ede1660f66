import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createHash, createPrivateKey, createPublicKey, createSecretKey, generateKeyPairSync, KeyObject, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { ConfigError, type JwtAlgorithm, type JwtConfig } from '../../config/configuration.js';
import type { SigningKey } from './signing-key.js';

const FILE_PATTERN = /^(HS256|RS256|ES256|EdDSA)-(\d+)\.(pem|secret)$/;

/**
 * Loads the signing keys of the configured algorithm from JWT_KEYS_DIR once, as prepared KeyObjects,
 * generating the first one when the folder has none. The newest key signs; every loaded key verifies.
 */
@Injectable()
export class SigningKeysService implements OnModuleInit {
  private readonly jwt: JwtConfig;
  private keys: SigningKey[] = [];
  private byKid = new Map<string, SigningKey>();

  constructor(@Inject(ConfigService) config: ConfigService) {
    this.jwt = config.getOrThrow<JwtConfig>('jwt');
  }

  async onModuleInit(): Promise<void> {
    this.keys = await this.loadKeys();
    this.byKid = new Map(this.keys.map((k) => [k.kid, k]));
  }

  get algorithm(): JwtAlgorithm {
    return this.jwt.algorithm;
  }

  /** The key that signs new tokens: the newest one. */
  activeKey(): SigningKey {
    return this.keys[this.keys.length - 1];
  }

  /** A key that may verify a token carrying this kid, or undefined for an unknown kid. */
  verificationKey(kid: string): SigningKey | undefined {
    return this.byKid.get(kid);
  }

  /** Public JWKs of every key that can still verify a live token ([] for HMAC). */
  publicJwks(): JWK[] {
    return this.keys.filter((k) => k.publicJwk).map((k) => k.publicJwk as JWK);
  }

  private async loadKeys(): Promise<SigningKey[]> {
    const { algorithm, secret, keysDir } = this.jwt;
    if (algorithm === 'HS256' && secret) {
      return [await this.toSigningKey(algorithm, createSecretKey(Buffer.from(secret, 'utf8')), new Date(0))];
    }
    try {
      await mkdir(keysDir, { recursive: true, mode: 0o700 });
    } catch (error) {
      throw new ConfigError(`JWT_KEYS_DIR ${keysDir} cannot be created: ${(error as Error).message}`);
    }
    let files: string[];
    try {
      files = await readdir(keysDir);
    } catch (error) {
      throw new ConfigError(`JWT_KEYS_DIR ${keysDir} is not readable: ${(error as Error).message}`);
    }
    const mine = files
      .map((name) => ({ name, match: FILE_PATTERN.exec(name) }))
      .filter((f) => f.match && f.match[1] === algorithm)
      .sort((a, b) => Number(a.match![2]) - Number(b.match![2]));
    if (mine.length === 0) return [await this.generate(algorithm, keysDir)];
    const keys: SigningKey[] = [];
    for (const file of mine) {
      const raw = await readFile(join(keysDir, file.name), 'utf8');
      const createdAt = new Date(Number(file.match![2]));
      keys.push(await this.toSigningKey(algorithm, this.parseKey(algorithm, raw), createdAt));
    }
    return keys;
  }

  private parseKey(algorithm: JwtAlgorithm, raw: string): KeyObject {
    return algorithm === 'HS256' ? createSecretKey(Buffer.from(raw.trim(), 'base64url')) : createPrivateKey(raw);
  }

  private async generate(algorithm: JwtAlgorithm, keysDir: string): Promise<SigningKey> {
    const createdAt = new Date();
    const { key, contents, extension } = generateKeyMaterial(algorithm);
    // 'wx' never overwrites a key another process wrote first; 0600 keeps it from other users.
    await writeFile(join(keysDir, `${algorithm}-${createdAt.getTime()}.${extension}`), contents, { mode: 0o600, flag: 'wx' });
    return this.toSigningKey(algorithm, key, createdAt);
  }

  private async toSigningKey(alg: JwtAlgorithm, privateKey: KeyObject, createdAt: Date): Promise<SigningKey> {
    if (alg === 'HS256') {
      // A thumbprint of a secret would be a hash of it; derive the kid with a label instead, and never publish it.
      const kid = createHash('sha256').update('gatehouse-hs256-kid:').update(privateKey.export()).digest('base64url').slice(0, 22);
      return { kid, alg, privateKey, verifyKey: privateKey, createdAt };
    }
    const verifyKey = createPublicKey(privateKey);
    const jwk = verifyKey.export({ format: 'jwk' }) as JWK;
    const kid = await calculateJwkThumbprint(jwk, 'sha256');
    return { kid, alg, privateKey, verifyKey, createdAt, publicJwk: { ...jwk, kid, alg, use: 'sig' } };
  }
}

/** A fresh private key for the algorithm, with what to write to disk. */
export function generateKeyMaterial(algorithm: JwtAlgorithm): { key: KeyObject; contents: string; extension: string } {
  if (algorithm === 'HS256') {
    const secret = randomBytes(64).toString('base64url');
    return { key: createSecretKey(Buffer.from(secret, 'base64url')), contents: secret, extension: 'secret' };
  }
  const pair =
    algorithm === 'RS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : algorithm === 'ES256'
        ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
        : generateKeyPairSync('ed25519');
  return {
    key: pair.privateKey,
    contents: pair.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
    extension: 'pem',
  };
}
