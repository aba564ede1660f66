import type { CookieSerializeOptions } from '@fastify/cookie';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { JwtConfig, SecurityConfig } from '../config/index.js';
import { loadCsrfKey } from './csrf-key.js';
import { TokenErrors } from './token.errors.js';

export const CSRF_HEADER = 'x-csrf-token';
/** Set by forward-auth proxies (Traefik; nginx with proxy_set_header) to the method of the request being checked. */
const FORWARDED_METHOD_HEADER = 'x-forwarded-method';

export type AuthCookie = 'access' | 'refresh' | 'csrf';

/** What the cookie checks read of a request. */
export interface CookieRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  cookies?: Record<string, string | undefined>;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cookie mode (AUTH_COOKIES=true) as a credential: the cookie names and scopes, the access cookie a browser presents,
 * and the CSRF token that any unsafe request authenticated by a cookie must echo in X-CSRF-Token. The CSRF token is
 * an HMAC of the session id, so a token planted from another session (or made up) does not fit the session the
 * cookies carry.
 */
@Injectable()
export class CookieCredentialsService implements OnModuleInit {
  readonly enabled: boolean;
  readonly names: Record<AuthCookie, string>;
  private readonly secure: boolean;
  private readonly jwt: JwtConfig;
  private csrfKey?: Buffer;

  constructor(@Inject(ConfigService) config: ConfigService) {
    this.enabled = config.getOrThrow<SecurityConfig>('security').cookies;
    this.jwt = config.getOrThrow<JwtConfig>('jwt');
    // Plain http on localhost is the only place without Secure; prefixed names make browsers enforce
    // Secure and (for __Host-) the exact host, so a sibling subdomain cannot plant a CSRF cookie.
    this.secure = config.getOrThrow<string>('env') !== 'development';
    this.names = this.secure
      ? { access: '__Host-gatehouse_at', refresh: '__Secure-gatehouse_rt', csrf: '__Host-gatehouse_csrf' }
      : { access: 'gatehouse_at', refresh: 'gatehouse_rt', csrf: 'gatehouse_csrf' };
  }

  async onModuleInit(): Promise<void> {
    if (this.enabled) this.csrfKey = await loadCsrfKey(this.jwt);
  }

  /** The value of one of the cookies, in cookie mode only. */
  read(request: CookieRequest, cookie: AuthCookie): string | undefined {
    return this.enabled ? request.cookies?.[this.names[cookie]] || undefined : undefined;
  }

  /** Where each cookie lives: the access and CSRF cookies site-wide, the refresh cookie only under /auth. */
  options(cookie: AuthCookie, maxAge?: number): CookieSerializeOptions {
    const path = cookie === 'refresh' ? '/auth' : '/';
    const sameSite = cookie === 'refresh' ? 'strict' : 'lax';
    return { path, sameSite, httpOnly: cookie !== 'csrf', secure: this.secure, ...(maxAge === undefined ? {} : { maxAge }) };
  }

  /** The session's CSRF token: bound to it, so it fits no other session and cannot be made up without the key. */
  csrfFor(sid: string): string {
    if (!this.csrfKey) throw new Error('cookie mode is off');
    return createHmac('sha256', this.csrfKey).update(`gatehouse-csrf:${sid}`).digest('base64url');
  }

  /** Throws 403 when an unsafe `method` lacks the CSRF token of session `sid`, in both the cookie and the header. */
  assertCsrf(request: CookieRequest, sid: string, method: string): void {
    if (SAFE_METHODS.has(method)) return;
    const expected = this.csrfFor(sid);
    const cookie = this.read(request, 'csrf');
    const header = request.headers[CSRF_HEADER];
    if (!cookie || typeof header !== 'string' || !sameSecret(cookie, expected) || !sameSecret(header, expected)) {
      throw TokenErrors.csrfInvalid();
    }
  }

  /**
   * The method a forward-auth proxy says it is checking (X-Forwarded-Method), or the request's own. Honoured from
   * any sender: it can only add a requirement, and a cross-site page cannot set it on a victim's request. Several
   * values count as unsafe.
   */
  forwardedMethod(request: CookieRequest): string {
    const forwarded = request.headers[FORWARDED_METHOD_HEADER];
    return forwarded === undefined ? request.method : typeof forwarded === 'string' ? forwarded : 'UNKNOWN';
  }
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
