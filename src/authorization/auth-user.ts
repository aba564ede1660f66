import type { Role } from './role.js';

/** What a verified access token says about its bearer; attached to the request as `user`. */
export interface AuthUser {
  id: string;
  roles: Role[];
  sid: string;
  jti: string;
  exp: number;
}
