export { ApiPageResponse } from './api-page-response.decorator.js';
export { setupOpenApi } from './openapi.setup.js';
export { ApiNoBackingService, SET_AUTH_COOKIES_HEADER } from './api-doc.decorators.js';
