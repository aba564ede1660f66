import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A mail as the test reads it: recipients, subject, bodies. */
export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

/**
 * A real SMTP server (smtp-server) on 127.0.0.1, started by the test; every mail it accepts is parsed with
 * mailparser. `stop()` and `start()` take it down and back up on the same port (an outage as the app sees it).
 */
export interface SmtpInbox {
  port: number;
  url: string;
  mails: ReceivedMail[];
  /** The first mail (received or to come) to `to` whose subject matches; throws after `timeoutMs`. */
  next(to: string, subject?: RegExp, timeoutMs?: number): Promise<ReceivedMail>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

function toReceived(mail: ParsedMail): ReceivedMail {
  const addresses = [mail.to].flat().flatMap((a) => a?.value ?? []);
  return {
    to: addresses.map((a) => (a.address ?? '').toLowerCase()),
    subject: mail.subject ?? '',
    text: mail.text ?? '',
    html: typeof mail.html === 'string' ? mail.html : '',
  };
}

export async function startSmtpInbox(): Promise<SmtpInbox> {
  const mails: ReceivedMail[] = [];
  const taken = new Set<ReceivedMail>();
  let server: SMTPServer | undefined;
  let port = 0;

  const start = async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then((mail) => {
            mails.push(toReceived(mail));
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(port, '127.0.0.1', () => resolve());
    });
    port = (server.server.address() as { port: number }).port;
  };
  const stop = () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await start();

  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    mails,
    start,
    stop,
    async next(to, subject = /./, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = mails.find((m) => !taken.has(m) && m.to.includes(to.toLowerCase()) && subject.test(m.subject));
        if (found) {
          taken.add(found);
          return found;
        }
        if (Date.now() > deadline) throw new Error(`no mail to ${to} matching ${subject} within ${timeoutMs} ms (got ${mails.length} mails)`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
  };
}

/** The token of the first Gatehouse link (`…?token=…`) in a mail's text body. */
export function linkToken(mail: ReceivedMail): string {
  const match = /\?token=([A-Za-z0-9_%-]+)/.exec(mail.text);
  if (!match) throw new Error(`no link in mail "${mail.subject}": ${mail.text}`);
  return decodeURIComponent(match[1]);
}

/** The `.eml` files in an outbox folder, parsed, oldest first (file names start with the time). */
export async function readOutbox(dir: string): Promise<(ReceivedMail & { file: string })[]> {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.eml'))
      .sort();
  } catch {
    return [];
  }
  return Promise.all(files.map(async (f) => ({ file: f, ...toReceived(await simpleParser(readFileSync(join(dir, f)))) })));
}
