import type { Role } from './role.js';

/** What a verified access token says about its bearer; attached to the request as `user`. */
export interface AuthUser {
  id: string;
  roles: Role[];
  sid: string;
  jti: string;
  exp: number;
  /** RFC 8176 methods of the login behind the token (`pwd`, `otp`, `hwk`/`swk`, `mfa`); absent: unknown, no second factor. */
  amr?: string[];
  /** When that login happened (seconds since the epoch); refresh keeps it. */
  authTime?: number;
}
