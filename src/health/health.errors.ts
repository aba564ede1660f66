import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../common/index.js';

/** The failures of this module that the API promises to clients (stable codes; see docs/http-api.md). */
export const HealthErrors = {
  dependenciesDown: (names: string[]) =>
    new DomainError('HEALTH_DEGRADED', HttpStatus.SERVICE_UNAVAILABLE, `Unavailable: ${names.join(', ')}`, {
      'Retry-After': '5',
    }),
};
