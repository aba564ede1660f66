import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { AuthUser } from './auth-user.js';

/** The authenticated caller that the JWT strategy put on the request (undefined on anonymous optional-auth routes). */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthUser | undefined => context.switchToHttp().getRequest<{ user?: AuthUser }>().user,
);
