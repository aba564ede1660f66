import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type StreamTransport from 'nodemailer/lib/stream-transport/index.js';
import type { MailConfig } from '../config/index.js';
import type { RenderedMail } from './mail-templates.js';

/** One mail ready to go. */
export interface Envelope extends RenderedMail {
  to: string;
}

/** Where a mail goes: an SMTP server, or the outbox folder. Throws when the mail was not accepted. */
export interface MailTransport {
  /** Returns where the mail went, for the log line (a file path or `smtp`); never the mail's content. */
  send(mail: Envelope): Promise<string>;
  close(): void;
}

// nodemailer is loaded with the first mail, not at start: about 1 MiB of an idle instance's heap (docs/performance.md).
function nodemailer(): typeof import('nodemailer') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazily, see above
  return require('nodemailer') as typeof import('nodemailer');
}

// nodemailer waits two minutes for a silent server by default; a queue that retries is better served by failing fast.
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

export class SmtpMailTransport implements MailTransport {
  private readonly options: SMTPTransport.Options;
  private transporter?: Transporter<SMTPTransport.SentMessageInfo>;

  constructor(private readonly config: MailConfig & { smtpUrl: string }) {
    const url = new URL(config.smtpUrl);
    this.options = {
      host: url.hostname,
      port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
      secure: url.protocol === 'smtps:',
      auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
      ...SMTP_TIMEOUTS,
    };
  }

  async send(mail: Envelope): Promise<string> {
    this.transporter ??= nodemailer().createTransport(this.options);
    await this.transporter.sendMail({ from: this.config.from, ...mail });
    return 'smtp';
  }

  close(): void {
    this.transporter?.close();
  }
}

/**
 * The embedded default: each mail becomes an RFC 5322 `.eml` file (what the SMTP server would have received),
 * readable only by the server's user because it holds a live link.
 */
export class OutboxMailTransport implements MailTransport {
  private composer?: Transporter<StreamTransport.SentMessageInfo>;

  constructor(private readonly config: MailConfig) {}

  async send(mail: Envelope): Promise<string> {
    this.composer ??= nodemailer().createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    const info = await this.composer.sendMail({ from: this.config.from, ...mail });
    mkdirSync(this.config.outboxDir, { recursive: true, mode: 0o700 });
    const file = join(this.config.outboxDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID()}.eml`);
    writeFileSync(file, info.message as Buffer, { mode: 0o600 });
    return file;
  }

  close(): void {
    this.composer?.close();
  }
}

export function createMailTransport(config: MailConfig): MailTransport {
  return config.smtpUrl ? new SmtpMailTransport({ ...config, smtpUrl: config.smtpUrl }) : new OutboxMailTransport(config);
}
