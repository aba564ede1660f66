import { HttpStatus } from '@nestjs/common';
import { BEARER_REALM, DomainError } from '../common/index.js';

export const MetricsErrors = {
  // The same answer as any unknown route, so a scan does not learn that metrics exist here.
  off: () => new DomainError('METRICS_OFF', HttpStatus.NOT_FOUND, 'Cannot GET /metrics'),
  tokenInvalid: () =>
    new DomainError('METRICS_TOKEN_INVALID', HttpStatus.UNAUTHORIZED, 'A valid metrics token is required', {
      'WWW-Authenticate': BEARER_REALM,
    }),
};
