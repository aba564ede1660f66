export { ApiPageResponse } from './api-page-response.decorator.js';
export { setupOpenApi } from './openapi.setup.js';
