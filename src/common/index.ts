export { AllExceptionsFilter } from './all-exceptions.filter.js';
export { BEARER_REALM, CommonErrors, DomainError } from './domain-error.js';
export { ExpiringCache } from './expiring-cache.js';
export { configureHttpSecurity } from './http-security.js';
export { PageQueryDto } from './page-query.dto.js';
export type { Page } from './page.dto.js';
export { isUniqueViolation } from './unique-violation.js';
export { hasControlCharacters, IsPrintableText } from './printable-text.js';
export { isForeignKeyViolation } from './foreign-key-violation.js';
