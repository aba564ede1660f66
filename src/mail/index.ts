export { MailModule } from './mail.module.js';
export { MailQueue, type OutgoingMail } from './mail-queue.service.js';
export { describeDuration, TEMPLATE_NAMES, type TemplateName } from './mail-templates.js';
