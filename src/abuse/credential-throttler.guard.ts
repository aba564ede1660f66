import { type CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { PerRoute } from '../common/index.js';
import { CREDENTIAL_ENDPOINT_KEY } from './credential-endpoint.decorator.js';
import { AbuseErrors } from './abuse.errors.js';

function isCredentialEndpoint(reflector: Reflector, context: ExecutionContext): boolean {
  return reflector.getAllAndOverride<boolean>(CREDENTIAL_ENDPOINT_KEY, [context.getHandler(), context.getClass()]) === true;
}

/** ThrottlerGuard with our rule and our error: the limiter behind CredentialThrottlerGuard, not a guard of its own. */
@Injectable()
export class CredentialRateLimiter extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return !isCredentialEndpoint(this.reflector, context);
  }

  /** A DomainError, so the 429 carries a stable code and its Retry-After like every other error. */
  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw AbuseErrors.rateLimited(Math.max(1, Math.ceil(detail.timeToBlockExpire)));
  }
}

/**
 * Global guard, registered before authentication so that a flood is refused before any token or password work.
 * It limits only @CredentialEndpoint() routes, per client IP and per route; 429 with Retry-After. Every other route
 * is let through here without a promise: ThrottlerGuard's canActivate is async, and on node 20 each promise a request
 * creates also runs AsyncLocalStorage's hook (the audit's request context), on every route of the app.
 */
@Injectable()
export class CredentialThrottlerGuard implements CanActivate {
  private readonly credentialRoute: PerRoute<boolean>;

  constructor(
    reflector: Reflector,
    private readonly limiter: CredentialRateLimiter,
  ) {
    this.credentialRoute = new PerRoute((targets) => reflector.getAllAndOverride<boolean>(CREDENTIAL_ENDPOINT_KEY, targets) === true);
  }

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    return this.credentialRoute.of(context) ? this.limiter.canActivate(context) : true;
  }
}
