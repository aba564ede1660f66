import type { Role } from './role.js';

/** What a verified access token or API key says about its bearer; attached to the request as `user`. */
export interface AuthUser {
  id: string;
  roles: Role[];
  sid: string;
  jti: string;
  exp: number;
  /**
   * Present when the caller authenticated with an API key (`X-API-Key`), absent for an access token. For a key,
   * `sid` and `jti` are the key's id, `roles` the key's roles that its owner still holds, and `exp` its expiry (0: none).
   */
  apiKey?: { id: string; prefix: string };
  /** RFC 8176 methods of the login behind the token (`pwd`, `otp`, `hwk`/`swk`, `mfa`); absent: unknown, no second factor. */
  amr?: string[];
  /** When that login happened (seconds since the epoch); refresh keeps it. */
  authTime?: number;
}

/** Which credential the request presented. */
export const credentialOf = (user: AuthUser): 'api-key' | 'access-token' => (user.apiKey ? 'api-key' : 'access-token');
