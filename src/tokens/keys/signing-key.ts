import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { JwtAlgorithm } from '../../config/index.js';

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
  /** From when it signs; undefined only for a key that never will (a newer one was activated first). */
  activeFromMs?: number;
  /** When every token it signed has expired; undefined while it may still sign. */
  retiresAtMs?: number;
}

/** Prepares a private key once: its verify key, kid and public JWK. */
export async function toSigningKey(
  alg: JwtAlgorithm,
  privateKey: KeyObject,
  createdMs: number,
  activeFromMs?: number,
  retiresAtMs?: number,
): Promise<SigningKey> {
  const times = { createdAt: new Date(createdMs), activeFromMs, retiresAtMs };
  if (alg === 'HS256') {
    // A thumbprint of a secret would be a hash of it; derive the kid with a label instead, and never publish it.
    const kid = createHash('sha256').update('gatehouse-hs256-kid:').update(privateKey.export()).digest('base64url').slice(0, 22);
    return { kid, alg, privateKey, verifyKey: privateKey, ...times };
  }
  const verifyKey = createPublicKey(privateKey);
  const jwk = verifyKey.export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(jwk, 'sha256');
  return { kid, alg, privateKey, verifyKey, ...times, publicJwk: { ...jwk, kid, alg, use: 'sig' } };
}

/** The kid a stored key is published under (RFC 7638 thumbprint; a labelled hash for HMAC). */
export async function kidOf(alg: JwtAlgorithm, privateKey: KeyObject): Promise<string> {
  return (await toSigningKey(alg, privateKey, 0)).kid;
}
