import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { FastifyInstance } from 'fastify';
import { DataSource } from 'typeorm';
import { AuditBatchAppender } from '../audit/index.js';
import { PasswordHasherService } from '../auth/index.js';
import type { MetricsConfig } from '../config/index.js';
import { DomainEventBus } from '../events/index.js';
import { RedisService } from '../redis/index.js';
import { REVOCATION_STORE, type RevocationStore } from '../sessions/index.js';
import { TokenVerificationCounts, type TokenVerificationOutcome } from '../tokens/index.js';
import { GatehouseMetrics } from './gatehouse-metrics.js';
import { METRIC_FEEDS } from './metric-feeds.js';

const DATABASE_PING_TIMEOUT_MS = 1000;
const STATUS_CLASS = ['0xx', '1xx', '2xx', '3xx', '4xx', '5xx'];

/**
 * Feeds the metrics from the domain events, one Fastify hook, and figures read at scrape time (the guard's plain
 * counters, the audit queue, the revocation store, dependency pings). Off entirely without METRICS_TOKEN: no
 * subscription, no hook, nothing on the hot path.
 */
@Injectable()
export class MetricsService implements OnModuleInit {
  readonly enabled: boolean;
  private readonly metrics = new GatehouseMetrics();
  private reportedApiKeyUses = 0;
  private readonly reportedVerifications: Record<TokenVerificationOutcome, number> = { valid: 0, invalid: 0, missing: 0, unavailable: 0 };
  private reportedDropped = 0;

  constructor(
    @Inject(ConfigService) config: ConfigService,
    private readonly bus: DomainEventBus,
    private readonly dataSource: DataSource,
    private readonly redis: RedisService,
    private readonly hasher: PasswordHasherService,
    private readonly verifications: TokenVerificationCounts,
    private readonly audit: AuditBatchAppender,
    @Inject(REVOCATION_STORE) private readonly revocations: RevocationStore,
  ) {
    this.enabled = config.getOrThrow<MetricsConfig>('metrics').token !== undefined;
  }

  onModuleInit(): void {
    if (!this.enabled) return;
    for (const { event, count } of METRIC_FEEDS) this.bus.subscribe(event, (e) => count(this.metrics, e));
    this.hasher.observeQueueWait = (seconds) => this.metrics.hashQueueWait.observe(seconds);
  }

  /** The one HTTP hook: duration by route template (never the raw URL, which holds ids) and status class. */
  attachHttpHook(fastify: FastifyInstance): void {
    if (!this.enabled) return;
    const histogram = this.metrics.httpDuration;
    fastify.addHook('onResponse', (request, reply, done) => {
      histogram.observe(
        { method: request.method, route: request.routeOptions.url ?? 'unmatched', status_class: STATUS_CLASS[Math.floor(reply.statusCode / 100)] },
        reply.elapsedTime / 1000,
      );
      done();
    });
  }

  /** The Prometheus text, with the scrape-time figures brought up to date first. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    for (const outcome of Object.keys(this.reportedVerifications) as TokenVerificationOutcome[]) {
      const now = this.verifications.byOutcome[outcome];
      this.metrics.tokenVerifications.inc({ outcome }, now - this.reportedVerifications[outcome]);
      this.reportedVerifications[outcome] = now;
    }
    this.metrics.apiKeyUses.inc(this.verifications.apiKeyUses - this.reportedApiKeyUses);
    this.reportedApiKeyUses = this.verifications.apiKeyUses;
    this.metrics.auditDropped.inc(this.audit.dropped - this.reportedDropped);
    this.reportedDropped = this.audit.dropped;
    this.metrics.auditQueue.set(this.audit.pending);
    this.metrics.revocationStoreSize.set(this.revocations.size());
    this.metrics.dependencyUp.set({ dependency: 'database' }, (await this.databaseAnswers()) ? 1 : 0);
    if (this.redis.client) this.metrics.dependencyUp.set({ dependency: 'redis' }, this.redis.client.status === 'ready' ? 1 : 0);
    return { contentType: this.metrics.registry.contentType, body: await this.metrics.registry.metrics() };
  }

  private async databaseAnswers(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), DATABASE_PING_TIMEOUT_MS)));
    try {
      return await Promise.race([this.dataSource.query('SELECT 1').then(() => true), timeout]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}
