import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../common/index.js';

/** The failures of this module that the API promises to clients (stable codes; see docs/http-api.md). */
export const ApiKeyErrors = {
  notFound: () => new DomainError('API_KEY_NOT_FOUND', HttpStatus.NOT_FOUND, 'API key not found'),
  roleNotHeld: (role: string) =>
    new DomainError('API_KEY_ROLE_NOT_HELD', HttpStatus.BAD_REQUEST, `A key cannot hold the role ${role}: its owner does not`),
  notServiceAccount: () => new DomainError('USER_NOT_SERVICE_ACCOUNT', HttpStatus.CONFLICT, 'Keys are issued here only for service accounts'),
};
