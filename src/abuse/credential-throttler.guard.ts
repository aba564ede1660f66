import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { CREDENTIAL_ENDPOINT_KEY } from './credential-endpoint.decorator.js';
import { AbuseErrors } from './abuse.errors.js';

/**
 * Global guard, registered before authentication so that a flood is refused before any token or password work.
 * It limits only @CredentialEndpoint() routes, per client IP and per route; 429 with Retry-After.
 */
@Injectable()
export class CredentialThrottlerGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return !this.reflector.getAllAndOverride<boolean>(CREDENTIAL_ENDPOINT_KEY, [context.getHandler(), context.getClass()]);
  }

  /** A DomainError, so the 429 carries a stable code and its Retry-After like every other error. */
  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw AbuseErrors.rateLimited(Math.max(1, Math.ceil(detail.timeToBlockExpire)));
  }
}
