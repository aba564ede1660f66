import { Injectable } from '@nestjs/common';

export type TokenVerificationOutcome = 'valid' | 'invalid' | 'missing' | 'unavailable';

/**
 * How the global guard's token checks ended, as plain integers: the hot path pays one increment, and the metrics
 * module reads the totals when Prometheus scrapes (so `tokens` knows nothing of metrics).
 */
@Injectable()
export class TokenVerificationCounts {
  readonly byOutcome: Record<TokenVerificationOutcome, number> = { valid: 0, invalid: 0, missing: 0, unavailable: 0 };
  /** Requests the guard let in on an API key (a subset of `valid`). */
  apiKeyUses = 0;
}
