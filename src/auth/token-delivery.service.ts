import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { FastifyReply } from 'fastify';
import type { JwtConfig } from '../config/index.js';
import { SessionsService } from '../sessions/index.js';
import { type CookieRequest, CookieCredentialsService } from '../tokens/index.js';
import type { IssuedTokens } from './auth.service.js';
import type { CookieTokenResponseDto } from './dto/cookie-token-response.dto.js';
import type { TokenResponseDto } from './dto/token-response.dto.js';

/** `cookie` or `body` (the default): where login (and a refresh with a body token) puts the new tokens. */
const DELIVERY_HEADER = 'x-token-delivery';

export type TokenDelivery = 'body' | 'cookie';

/**
 * How login and refresh hand tokens over: in the JSON body, or (cookie mode, asked for with X-Token-Delivery) only in
 * HttpOnly cookies with a body of `{expiresIn}`, so that a script in the page, an XSS payload included, never sees a
 * token.
 */
@Injectable()
export class TokenDeliveryService {
  private readonly refreshTtlSeconds: number;

  constructor(
    private readonly cookies: CookieCredentialsService,
    private readonly sessions: SessionsService,
    @Inject(ConfigService) config: ConfigService,
  ) {
    this.refreshTtlSeconds = config.getOrThrow<JwtConfig>('jwt').refreshTtlSeconds;
  }

  /** The delivery that X-Token-Delivery asks for; 400 for an unknown value, or for cookies while cookie mode is off. */
  requestedDelivery(request: CookieRequest): TokenDelivery {
    const value = request.headers[DELIVERY_HEADER];
    if (value === undefined || value === 'body') return 'body';
    if (value !== 'cookie') throw new BadRequestException('X-Token-Delivery must be cookie or body');
    if (!this.cookies.enabled) throw new BadRequestException('X-Token-Delivery: cookie needs AUTH_COOKIES=true');
    return 'cookie';
  }

  deliver(reply: FastifyReply, tokens: IssuedTokens, delivery: TokenDelivery): TokenResponseDto | CookieTokenResponseDto {
    if (delivery === 'body') {
      const { accessToken, refreshToken, tokenType, expiresIn } = tokens;
      return { accessToken, refreshToken, tokenType, expiresIn };
    }
    const { names } = this.cookies;
    void reply.setCookie(names.access, tokens.accessToken, this.cookies.options('access', tokens.expiresIn));
    void reply.setCookie(names.refresh, tokens.refreshToken, this.cookies.options('refresh', this.refreshTtlSeconds));
    void reply.setCookie(names.csrf, this.cookies.csrfFor(tokens.sessionId), this.cookies.options('csrf', this.refreshTtlSeconds));
    return { expiresIn: tokens.expiresIn };
  }

  /** After logout: expire every cookie of cookie mode. */
  clear(reply: FastifyReply): void {
    if (!this.cookies.enabled) return;
    for (const cookie of ['access', 'refresh', 'csrf'] as const) void reply.clearCookie(this.cookies.names[cookie], this.cookies.options(cookie));
  }

  /**
   * The refresh cookie, for POST /auth/refresh without a body token. It is answered in cookies only (a script may
   * not swap it for tokens in a body), and only with the CSRF token of the session it belongs to, checked before the
   * token is touched: a refresh cookie planted from another session fails, and reuse detection cannot be triggered.
   */
  async refreshTokenFrom(request: CookieRequest): Promise<string | undefined> {
    const token = this.cookies.read(request, 'refresh');
    if (!token) return undefined;
    if (request.headers[DELIVERY_HEADER] !== undefined && request.headers[DELIVERY_HEADER] !== 'cookie') {
      throw new BadRequestException('a refresh token from the cookie is answered in cookies only');
    }
    const sid = await this.sessions.sessionIdOf(token);
    // An unknown token fails as such (401) in the refresh itself, which changes nothing.
    if (sid) this.cookies.assertCsrf(request, sid, request.method);
    return token;
  }
}
