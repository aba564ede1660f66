import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../common/index.js';

/** The failures of this module that the API promises to clients (stable codes; see docs/http-api.md). */
export const TokenErrors = {
  csrfInvalid: () => new DomainError('AUTH_CSRF_INVALID', HttpStatus.FORBIDDEN, 'Missing or invalid CSRF token'),
};
