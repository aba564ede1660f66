// Machine clients: API keys (issued, listed, revoked, verified) and service accounts.
export { ApiKeyAuthenticator } from './api-key-authenticator.service.js';
export { API_KEY_PREFIX } from './api-key-secret.js';
export { ApiKey } from './api-key.entity.js';
export { ApiKeyErrors } from './api-key.errors.js';
export { ApiKeyCreated, ApiKeyExpiredUseRefused, ApiKeyRevoked, type RequestOrigin } from './api-key.events.js';
export { ApiKeysModule } from './api-keys.module.js';
export { ApiKeysService, type IssuedApiKey, type NewApiKey } from './api-keys.service.js';
