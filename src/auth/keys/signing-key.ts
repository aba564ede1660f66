import type { KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import type { JwtAlgorithm } from '../../config/configuration.js';

export interface SigningKey {
  kid: string;
  alg: JwtAlgorithm;
  /** Signs new tokens (the HMAC secret for HS256). */
  privateKey: KeyObject;
  /** Verifies tokens (the same secret for HS256). */
  verifyKey: KeyObject;
  /** Published in JWKS; undefined for HMAC secrets, which are never published. */
  publicJwk?: JWK;
  createdAt: Date;
}
