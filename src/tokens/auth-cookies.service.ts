import type { CookieSerializeOptions } from '@fastify/cookie';
import { BadRequestException, Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Errors } from '../common/index.js';
import type { JwtConfig, SecurityConfig } from '../config/index.js';
import type { CookieTokenResponseDto, IssuedTokens, TokenResponseDto } from '../auth/index.js';
import { SessionsService } from '../sessions/index.js';
import { TOKEN_ON_REQUEST } from './jwt.strategy.js';
import { loadCsrfKey } from './csrf-key.js';

export const CSRF_HEADER = 'x-csrf-token';
/** `cookie` or `body` (the default): where login (and a refresh with a body token) puts the new tokens. */
export const DELIVERY_HEADER = 'x-token-delivery';
/** Set by forward-auth proxies (Traefik; nginx with proxy_set_header) to the method of the request being checked. */
export const FORWARDED_METHOD_HEADER = 'x-forwarded-method';

export type TokenDelivery = 'body' | 'cookie';

export interface CookieNames {
  access: string;
  refresh: string;
  csrf: string;
}

const FROM_COOKIE = Symbol('gatehouse:authenticatedByCookie');
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

type CookieRequest = Pick<FastifyRequest, 'method' | 'headers'> & {
  cookies?: Record<string, string | undefined>;
  [TOKEN_ON_REQUEST]?: string;
  [FROM_COOKIE]?: boolean;
};

/**
 * Cookie mode (AUTH_COOKIES=true) for browser clients: a client that asks for cookie delivery gets its tokens as
 * HttpOnly cookies only (never in the body, where page scripts could read them), and any unsafe request that a
 * cookie authenticates must echo the readable CSRF cookie in X-CSRF-Token. The CSRF token is an HMAC of the
 * session id, so a token planted from another session (or made up) does not fit the session the cookies carry.
 */
@Injectable()
export class AuthCookiesService implements OnModuleInit {
  readonly enabled: boolean;
  readonly names: CookieNames;
  private readonly secure: boolean;
  private readonly jwt: JwtConfig;
  private csrfKey?: Buffer;

  constructor(
    @Inject(ConfigService) config: ConfigService,
    private readonly sessions: SessionsService,
  ) {
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

  /** The delivery that X-Token-Delivery asks for; 400 for an unknown value, or for cookies while cookie mode is off. */
  requestedDelivery(request: CookieRequest): TokenDelivery {
    const value = request.headers[DELIVERY_HEADER];
    if (value === undefined || value === 'body') return 'body';
    if (value !== 'cookie') throw new BadRequestException('X-Token-Delivery must be cookie or body');
    if (!this.enabled) throw new BadRequestException('X-Token-Delivery: cookie needs AUTH_COOKIES=true');
    return 'cookie';
  }

  /**
   * The answer to a login or refresh: the tokens in the body, or (cookie delivery) in the three cookies with a body
   * of `{expiresIn}` only, so that a script in the page, an XSS payload included, never sees a token.
   */
  deliver(reply: FastifyReply, tokens: IssuedTokens, delivery: TokenDelivery): TokenResponseDto | CookieTokenResponseDto {
    if (delivery === 'body') {
      const { accessToken, refreshToken, tokenType, expiresIn } = tokens;
      return { accessToken, refreshToken, tokenType, expiresIn };
    }
    const refreshAge = this.jwt.refreshTtlSeconds;
    void reply.setCookie(this.names.access, tokens.accessToken, this.options('/', 'lax', true, tokens.expiresIn));
    void reply.setCookie(this.names.refresh, tokens.refreshToken, this.options('/auth', 'strict', true, refreshAge));
    void reply.setCookie(this.names.csrf, this.csrfFor(tokens.sessionId), this.options('/', 'lax', false, refreshAge));
    return { expiresIn: tokens.expiresIn };
  }

  /** After logout: expire every cookie this service sets. */
  clear(reply: FastifyReply): void {
    if (!this.enabled) return;
    void reply.clearCookie(this.names.access, this.options('/', 'lax', true));
    void reply.clearCookie(this.names.refresh, this.options('/auth', 'strict', true));
    void reply.clearCookie(this.names.csrf, this.options('/', 'lax', false));
  }

  /**
   * Lets the JWT guard authenticate with the access cookie. The Authorization header wins when both are sent,
   * and a token the guard already placed on the request is left alone. Returns whether a credential was sent.
   */
  adoptAccessToken(request: CookieRequest): boolean {
    if (this.credentialSent(request)) return true;
    const token = this.enabled ? request.cookies?.[this.names.access] : undefined;
    if (!token) return false;
    request[TOKEN_ON_REQUEST] = token;
    request[FROM_COOKIE] = true;
    return true;
  }

  /** Whether the request carried a token at all (header or adopted cookie): decides 401 invalid_token vs missing. */
  credentialSent(request: CookieRequest): boolean {
    return Boolean(request.headers.authorization || request[TOKEN_ON_REQUEST]);
  }

  /** Throws 403 when a cookie authenticated an unsafe request that lacks the CSRF token of its session `sid`. */
  assertCsrfIfCookieAuthenticated(request: CookieRequest, sid: string): void {
    if (request[FROM_COOKIE]) this.assertCsrf(request, sid, request.method);
  }

  /**
   * GET /auth/verify answers for the request a forward-auth proxy is checking: when that request was unsafe
   * (X-Forwarded-Method) and a cookie authenticated it, it needs the CSRF token like any cookie use. Honoured from
   * any sender: the header can only add a requirement, and a cross-site page cannot set it on a victim's request.
   */
  assertForwardedCsrf(request: CookieRequest, sid: string): void {
    if (!request[FROM_COOKIE]) return;
    const forwarded = request.headers[FORWARDED_METHOD_HEADER];
    // Several values, or one that is not a plain safe method, count as unsafe.
    const method = forwarded === undefined ? request.method : typeof forwarded === 'string' ? forwarded : 'UNKNOWN';
    this.assertCsrf(request, sid, method);
  }

  /**
   * The refresh cookie, for POST /auth/refresh without a body token. It is answered in cookies only (a script may
   * not swap it for tokens in a body), and only with the CSRF token of the session it belongs to, checked before the
   * token is touched: a refresh cookie planted from another session fails, and reuse detection cannot be triggered.
   */
  async refreshTokenFrom(request: CookieRequest): Promise<string | undefined> {
    const token = this.enabled ? request.cookies?.[this.names.refresh] : undefined;
    if (!token) return undefined;
    if (request.headers[DELIVERY_HEADER] !== undefined && request.headers[DELIVERY_HEADER] !== 'cookie') {
      throw new BadRequestException('a refresh token from the cookie is answered in cookies only');
    }
    const sid = await this.sessions.sessionIdOf(token);
    // An unknown token fails as such (401) in the refresh itself, which changes nothing.
    if (sid) this.assertCsrf(request, sid, request.method);
    return token;
  }

  /** The session's CSRF token: bound to it, so it fits no other session and cannot be made up without the key. */
  private csrfFor(sid: string): string {
    if (!this.csrfKey) throw new Error('cookie mode is off');
    return createHmac('sha256', this.csrfKey).update(`gatehouse-csrf:${sid}`).digest('base64url');
  }

  private assertCsrf(request: CookieRequest, sid: string, method: string): void {
    if (SAFE_METHODS.has(method)) return;
    const expected = this.csrfFor(sid);
    const cookie = request.cookies?.[this.names.csrf];
    const header = request.headers[CSRF_HEADER];
    if (!cookie || typeof header !== 'string' || !sameSecret(cookie, expected) || !sameSecret(header, expected)) {
      throw Errors.csrfInvalid();
    }
  }

  private options(path: string, sameSite: 'lax' | 'strict', httpOnly: boolean, maxAge?: number): CookieSerializeOptions {
    return { path, sameSite, httpOnly, secure: this.secure, ...(maxAge === undefined ? {} : { maxAge }) };
  }
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
