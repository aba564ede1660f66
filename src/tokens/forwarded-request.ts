import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import proxyAddr from '@fastify/proxy-addr';
import type { SecurityConfig } from '../config/index.js';

/** What the forward-auth checks read of a request. */
export interface ForwardedRequest {
  headers: Record<string, string | string[] | undefined>;
  socket?: { remoteAddress?: string };
}

/**
 * What a forward-auth proxy says about the request it is checking (X-Forwarded-Method), believed only from a peer
 * that TRUST_PROXY names: a header that lets a request through with fewer checks must not be the client's to send.
 */
@Injectable()
export class ForwardedRequests {
  private readonly trusted: (address: string, hop: number) => boolean;

  constructor(@Inject(ConfigService) config: ConfigService) {
    const trust = config.getOrThrow<SecurityConfig>('security').trustProxy;
    this.trusted = trust === true ? () => true : trust === false ? () => false : proxyAddr.compile(trust);
  }

  /** The immediate peer is a proxy TRUST_PROXY names. */
  fromTrustedProxy(request: ForwardedRequest): boolean {
    const peer = request.socket?.remoteAddress;
    return peer !== undefined && this.trusted(peer, 0);
  }

  /**
   * A browser's CORS preflight, relayed by a trusted proxy: browsers never send credentials on one, so it must pass
   * without them for the real request to be sent at all. Only OPTIONS carrying Access-Control-Request-Method counts;
   * the upstream answers it, and no identity is passed on.
   */
  isPreflight(request: ForwardedRequest): boolean {
    return (
      request.headers['x-forwarded-method'] === 'OPTIONS' &&
      typeof request.headers['access-control-request-method'] === 'string' &&
      this.fromTrustedProxy(request)
    );
  }
}
