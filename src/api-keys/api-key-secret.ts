import { hash, randomBytes } from 'node:crypto';

/** What every key starts with, so that secret scanners and people recognise one (GitHub's `ghp_` idea). */
export const API_KEY_PREFIX = 'gh_';

// gh_<8 hex: public id shown in lists>_<43 base64url: 256 random bits>
const KEY_SHAPE = /^gh_([0-9a-f]{8})_[A-Za-z0-9_-]{43}$/;
const KEY_LENGTH = API_KEY_PREFIX.length + 8 + 1 + 43;

export interface NewApiKeySecret {
  /** The whole key, shown once. */
  key: string;
  /** `gh_` and the public id: enough to recognise a key in a list, useless to an attacker. */
  prefix: string;
  hash: string;
}

export function generateApiKeySecret(): NewApiKeySecret {
  const prefix = API_KEY_PREFIX + randomBytes(4).toString('hex');
  const key = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, hash: hashApiKey(key) };
}

/**
 * SHA-256, not a password hash: the key carries 256 random bits, so no guessing attack needs slowing down, and the
 * hot path stays one hash and one map lookup. The one-shot `crypto.hash` costs a third of a `createHash` chain (no Hash
 * object per call), which is most of what a key costs beyond a cached token.
 */
export function hashApiKey(key: string): string {
  return hash('sha256', key, 'hex');
}

/** True when `value` has the shape of a key; anything else is refused before any lookup. */
export function isWellFormedApiKey(value: unknown): value is string {
  return typeof value === 'string' && value.length === KEY_LENGTH && KEY_SHAPE.test(value);
}
