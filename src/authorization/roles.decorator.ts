import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Role } from './role.js';

export const ROLES_KEY = 'gatehouse:roles';

/**
 * Requires at least one of the roles, under the hierarchy user < editor < admin.
 * On a handler it overrides the class's @Roles().
 */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No usable access token' }),
    ApiForbiddenResponse({ description: `Requires role: ${roles.join(' or ')}` }),
  );
