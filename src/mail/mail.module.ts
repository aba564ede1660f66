import { Module } from '@nestjs/common';
import { MailQueue } from './mail-queue.service.js';

/** Outgoing mail: nodemailer over SMTP_URL, or `.eml` files in the outbox; sent in the background with retries. */
@Module({ providers: [MailQueue], exports: [MailQueue] })
export class MailModule {}
