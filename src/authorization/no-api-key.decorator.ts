import { SetMetadata } from '@nestjs/common';

export const NO_API_KEY_KEY = 'gatehouse:noApiKey';

/**
 * Refuses API keys (403 AUTH_API_KEY_NOT_ALLOWED) on a route that changes credentials: a leaked key must never
 * become a password, a session, or another key. An access token is still accepted.
 */
export const NoApiKey = () => SetMetadata(NO_API_KEY_KEY, true);
