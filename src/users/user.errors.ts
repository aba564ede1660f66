import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../common/index.js';

/** The failures of this module that the API promises to clients (stable codes; see docs/http-api.md). */
export const UserErrors = {
  emailTaken: () => new DomainError('AUTH_EMAIL_TAKEN', HttpStatus.CONFLICT, 'Email is already registered'),
  userNotFound: () => new DomainError('USER_NOT_FOUND', HttpStatus.NOT_FOUND, 'User not found'),
  lastAdmin: () => new DomainError('USER_LAST_ADMIN', HttpStatus.CONFLICT, 'The last enabled admin cannot lose the admin role'),
};
