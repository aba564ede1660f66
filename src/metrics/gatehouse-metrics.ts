import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Every metric of one app, in a registry of its own (never prom-client's global one: two apps in one process, as in
 * the tests, must not count into each other). Labels are small closed sets: outcomes, causes, route templates and
 * status classes, never an id or an e-mail.
 */
export class GatehouseMetrics {
  readonly registry = new Registry();

  readonly logins = new Counter({
    name: 'gatehouse_logins_total',
    help: 'Password logins by outcome',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  readonly refreshes = new Counter({
    name: 'gatehouse_refreshes_total',
    help: 'Refresh tokens exchanged for a new pair',
    registers: [this.registry],
  });
  readonly reuseDetections = new Counter({
    name: 'gatehouse_refresh_reuse_detections_total',
    help: 'Spent refresh tokens presented again (each revoked its session)',
    registers: [this.registry],
  });
  readonly lockouts = new Counter({
    name: 'gatehouse_lockouts_total',
    help: 'Login lockouts by scope',
    labelNames: ['scope'],
    registers: [this.registry],
  });
  readonly revocations = new Counter({
    name: 'gatehouse_revocations_total',
    help: 'Changes that revoked sessions, by cause',
    labelNames: ['cause'],
    registers: [this.registry],
  });
  readonly mfa = new Counter({
    name: 'gatehouse_mfa_total',
    help: 'Second-factor checks by outcome',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  readonly apiKeyUses = new Counter({
    name: 'gatehouse_api_key_uses_total',
    help: 'Requests authenticated by an API key',
    registers: [this.registry],
  });
  readonly tokenVerifications = new Counter({
    name: 'gatehouse_token_verifications_total',
    help: 'Credential checks of the global guard by outcome (valid, invalid, missing, unavailable)',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  readonly auditDropped = new Counter({
    name: 'gatehouse_audit_events_dropped_total',
    help: 'Audit events not stored (queue full or database refused); each was logged instead',
    registers: [this.registry],
  });
  readonly auditQueue = new Gauge({
    name: 'gatehouse_audit_queue_length',
    help: 'Audit events waiting for their batch append',
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'gatehouse_http_request_duration_seconds',
    help: 'HTTP request duration by method, route template and status class',
    labelNames: ['method', 'route', 'status_class'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly hashQueueWait = new Histogram({
    name: 'gatehouse_password_hash_queue_wait_seconds',
    help: 'Time a password hash or verification waited for a free slot',
    buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly revocationStoreSize = new Gauge({
    name: 'gatehouse_revocation_store_size',
    help: 'Revoked sessions held by this instance',
    registers: [this.registry],
  });
  readonly dependencyUp = new Gauge({
    name: 'gatehouse_dependency_up',
    help: '1 when the dependency answers, 0 when it does not',
    labelNames: ['dependency'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'gatehouse_' });
  }
}
