export { LoggingModule, type LoggingOptions } from './logging.module.js';
export { exposeRequestIds, requestId } from './request-id.js';
