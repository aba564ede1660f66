import type { CookieSerializeOptions } from '@fastify/cookie';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Errors } from '../common/index.js';
import type { JwtConfig, SecurityConfig } from '../config/index.js';
import type { TokenResponseDto } from '../auth/index.js';
import { TOKEN_ON_REQUEST } from './jwt.strategy.js';

export const CSRF_HEADER = 'x-csrf-token';

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
 * Cookie mode (AUTH_COOKIES=true) for browser clients: tokens also travel as HttpOnly cookies, and any unsafe
 * request that a cookie authenticates must echo the readable CSRF cookie in X-CSRF-Token (double submit):
 * a cross-site page can make the browser send cookies but can neither read them nor set that header.
 */
@Injectable()
export class AuthCookiesService {
  readonly enabled: boolean;
  readonly names: CookieNames;
  private readonly secure: boolean;
  private readonly jwt: JwtConfig;

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

  /** After login or refresh: access, refresh and a fresh CSRF cookie. */
  issue(reply: FastifyReply, tokens: TokenResponseDto): void {
    if (!this.enabled) return;
    const refreshAge = this.jwt.refreshTtlSeconds;
    void reply.setCookie(this.names.access, tokens.accessToken, this.options('/', 'lax', true, tokens.expiresIn));
    void reply.setCookie(this.names.refresh, tokens.refreshToken, this.options('/auth', 'strict', true, refreshAge));
    void reply.setCookie(this.names.csrf, randomBytes(32).toString('base64url'), this.options('/', 'lax', false, refreshAge));
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

  /** Throws 403 when a cookie authenticated an unsafe request that lacks a matching CSRF header. */
  assertCsrfIfCookieAuthenticated(request: CookieRequest): void {
    if (request[FROM_COOKIE]) this.assertCsrf(request);
  }

  /** The refresh cookie, for POST /auth/refresh without a body token; it needs the CSRF header like any cookie use. */
  refreshTokenFrom(request: CookieRequest): string | undefined {
    const token = this.enabled ? request.cookies?.[this.names.refresh] : undefined;
    if (token) this.assertCsrf(request);
    return token;
  }

  private assertCsrf(request: CookieRequest): void {
    if (SAFE_METHODS.has(request.method)) return;
    const cookie = request.cookies?.[this.names.csrf];
    const header = request.headers[CSRF_HEADER];
    if (!cookie || typeof header !== 'string' || !sameSecret(cookie, header)) throw Errors.csrfInvalid();
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
