import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'gatehouse:isPublic';
export const OPTIONAL_AUTH_KEY = 'gatehouse:optionalAuth';

/** Opens a route to anonymous callers; every other route needs a valid access token. */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);

/**
 * A public route that still reads a valid token when one is sent (e.g. editors see drafts).
 * A missing or rejected token makes the caller anonymous, never a 401.
 */
export const OptionalAuth = () => SetMetadata(OPTIONAL_AUTH_KEY, true);
