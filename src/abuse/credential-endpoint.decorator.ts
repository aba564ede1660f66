import { SetMetadata } from '@nestjs/common';

export const CREDENTIAL_ENDPOINT_KEY = 'gatehouse:credentialEndpoint';

/**
 * Marks a route that takes a password or a refresh token, so the per-IP limit (AUTH_RATE_LIMIT) applies.
 * Token-checking routes (/auth/verify, /auth/me) must not carry it: a reverse proxy calls them for every user
 * behind one address.
 */
export const CredentialEndpoint = () => SetMetadata(CREDENTIAL_ENDPOINT_KEY, true);
