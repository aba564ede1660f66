import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { MailConfig } from '../config/index.js';
import { createMailTransport, type Envelope, type MailTransport } from './mail-transport.js';
import { describeDuration, loadTemplates, render, type Template, type TemplateName, type TemplateValues } from './mail-templates.js';

/** A mail to send: which template, to whom, with which link. */
export interface OutgoingMail {
  template: TemplateName;
  to: string;
  link?: string;
  /** Lifetime of the link in seconds (shown in words). */
  linkTtlSeconds?: number;
}

interface Job {
  id: string;
  template: TemplateName;
  envelope: Envelope;
  attempts: number;
  timer?: NodeJS.Timeout;
}

const MAX_RETRY_DELAY_MS = 5 * 60_000;

/**
 * Sends mails in the background, so that no HTTP request waits for (or fails with) the SMTP server: `enqueue`
 * returns at once. A refused or failed send is retried with exponential backoff (MAIL_RETRY_BASE_MS, doubled each
 * time, at most 5 minutes apart) up to MAIL_MAX_ATTEMPTS sends; an outage shorter than that loses nothing while the
 * process runs. The queue lives in memory: a restart drops what is still waiting (the log says how many), and the
 * user asks again. Log lines name the mail by id and template only: never the address, the link or its token.
 */
@Injectable()
export class MailQueue implements OnModuleInit, OnApplicationShutdown {
  private readonly config: MailConfig;
  private templates: Record<TemplateName, Template>;
  private readonly transport: MailTransport;
  private readonly pending = new Map<string, Job>();
  private readonly inFlight = new Set<Promise<void>>();
  private idleWaiters: (() => void)[] = [];

  constructor(
    @Inject(ConfigService) config: ConfigService,
    @InjectPinoLogger('Mail') private readonly logger: PinoLogger,
  ) {
    this.config = config.getOrThrow<MailConfig>('mail');
    this.transport = createMailTransport(this.config);
  }

  /** Reads the templates at start-up (in init, so that a bad folder is a clean refusal, not an abort). */
  onModuleInit(): void {
    this.templates = loadTemplates(this.config.templatesDir);
  }

  /** Renders the mail and queues it; returns its id at once. */
  enqueue(mail: OutgoingMail): string {
    const values: TemplateValues = {
      product: this.config.productName,
      link: mail.link,
      expiresIn: mail.linkTtlSeconds ? describeDuration(mail.linkTtlSeconds) : undefined,
    };
    const job: Job = {
      id: randomUUID(),
      template: mail.template,
      envelope: { to: mail.to, ...render(this.templates[mail.template], values) },
      attempts: 0,
    };
    this.pending.set(job.id, job);
    this.attempt(job);
    return job.id;
  }

  /** Resolves once nothing is waiting to be sent (delivered or given up): the operator CLI waits for its mail. */
  idle(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Mails given up after MAIL_MAX_ATTEMPTS sends, since start. */
  failures = 0;

  /** How many mails wait for a (re)try. */
  get waiting(): number {
    return this.pending.size;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
    for (const job of this.pending.values()) clearTimeout(job.timer);
    if (this.pending.size > 0) {
      this.logger.warn({ event: 'mail.dropped', count: this.pending.size }, 'shutting down with mails still waiting for a retry; they are lost');
    }
    this.pending.clear();
    this.settleIdle();
    this.transport.close();
  }

  private attempt(job: Job): void {
    job.timer = undefined;
    job.attempts += 1;
    const sending = this.send(job).finally(() => this.inFlight.delete(sending));
    this.inFlight.add(sending);
  }

  private async send(job: Job): Promise<void> {
    try {
      const where = await this.transport.send(job.envelope);
      this.pending.delete(job.id);
      if (where === 'smtp') this.logger.info({ event: 'mail.sent', mailId: job.id, template: job.template, attempts: job.attempts }, 'mail sent');
      else
        this.logger.info(
          { event: 'mail.outbox', mailId: job.id, template: job.template, file: where },
          'mail written to the outbox (SMTP_URL is unset)',
        );
    } catch (error) {
      const reason = (error as { code?: string }).code ?? (error as Error).message;
      if (job.attempts >= this.config.maxAttempts || !this.pending.has(job.id)) {
        this.pending.delete(job.id);
        this.failures += 1;
        this.logger.error({ event: 'mail.failed', mailId: job.id, template: job.template, attempts: job.attempts, reason }, 'mail given up');
      } else {
        const delayMs = Math.min(MAX_RETRY_DELAY_MS, this.config.retryBaseMs * 2 ** (job.attempts - 1));
        this.logger.warn(
          { event: 'mail.retry', mailId: job.id, template: job.template, attempts: job.attempts, delayMs, reason },
          'mail not accepted; will retry',
        );
        job.timer = setTimeout(() => this.attempt(job), delayMs);
        job.timer.unref();
      }
    }
    this.settleIdle();
  }

  private settleIdle(): void {
    if (this.pending.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
