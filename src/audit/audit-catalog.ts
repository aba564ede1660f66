import type { AuditEntry } from './catalog/audit-entry.js';
import { ACCOUNT_EVENTS } from './catalog/accounts.catalog.js';
import { API_KEY_EVENTS } from './catalog/api-keys.catalog.js';
import { RECOVERY_EVENTS } from './catalog/recovery.catalog.js';
import { SECOND_FACTOR_EVENTS } from './catalog/second-factors.catalog.js';

export type { AuditEntry } from './catalog/audit-entry.js';

/**
 * Every audited event, one entry each, in one file per area (`catalog/`): add an entry there for a new event class
 * (docs/observability.md lists the types, and test/audit-coverage checks that each is stored). The request's IP and
 * user agent are filled in from the HTTP request when the event does not carry them.
 */
export const AUDIT_CATALOG: readonly AuditEntry[] = [...ACCOUNT_EVENTS, ...RECOVERY_EVENTS, ...SECOND_FACTOR_EVENTS, ...API_KEY_EVENTS];
