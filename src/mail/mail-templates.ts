import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../config/index.js';

/** The mails Gatehouse sends; each name is also the file stem of an operator's replacement template. */
export const TEMPLATE_NAMES = ['password-reset', 'email-verification', 'email-change', 'email-changed-notice'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/** What a template may show. Every value is escaped in the HTML body. */
export interface TemplateValues {
  product: string;
  /** The single-use link (absent from the notice mail). */
  link?: string;
  /** How long the link lives, in words (`1 hour`). */
  expiresIn?: string;
}

export interface Template {
  subject: string;
  text: string;
  html: string;
}

export type RenderedMail = Template;

const BUILT_IN: Record<TemplateName, Template> = {
  'password-reset': {
    subject: 'Reset your {{product}} password',
    text: 'Someone asked to reset the password of your {{product}} account.\n\nTo choose a new password, open this link within {{expiresIn}}:\n{{link}}\n\nIf it was not you, ignore this mail: your password stays as it is.\n',
    html: '<p>Someone asked to reset the password of your {{product}} account.</p><p><a href="{{link}}">Choose a new password</a> (the link works once, within {{expiresIn}}).</p><p>If it was not you, ignore this mail: your password stays as it is.</p>',
  },
  'email-verification': {
    subject: 'Confirm your e-mail address for {{product}}',
    text: 'Please confirm that this address belongs to your {{product}} account by opening this link within {{expiresIn}}:\n{{link}}\n\nIf you did not create an account, ignore this mail.\n',
    html: '<p>Please confirm that this address belongs to your {{product}} account.</p><p><a href="{{link}}">Confirm my address</a> (the link works once, within {{expiresIn}}).</p><p>If you did not create an account, ignore this mail.</p>',
  },
  'email-change': {
    subject: 'Confirm your new e-mail address for {{product}}',
    text: 'Someone asked to move a {{product}} account to this address. To confirm, open this link within {{expiresIn}}:\n{{link}}\n\nIf it was not you, ignore this mail: nothing changes.\n',
    html: '<p>Someone asked to move a {{product}} account to this address.</p><p><a href="{{link}}">Confirm the new address</a> (the link works once, within {{expiresIn}}).</p><p>If it was not you, ignore this mail: nothing changes.</p>',
  },
  'email-changed-notice': {
    subject: 'The e-mail address of your {{product}} account was changed',
    text: 'The e-mail address of your {{product}} account was just changed to another one, and your other sessions were signed out.\n\nIf it was not you, contact your administrator at once.\n',
    html: '<p>The e-mail address of your {{product}} account was just changed to another one, and your other sessions were signed out.</p><p>If it was not you, contact your administrator at once.</p>',
  },
};

const PART_FILES: Record<keyof Template, string> = { subject: 'subject.txt', text: 'txt', html: 'html' };

/**
 * The mail texts: built in, or replaced file by file from MAIL_TEMPLATES_DIR (`password-reset.subject.txt`,
 * `password-reset.txt`, `password-reset.html`, ...). Files are read once at start-up, so a broken folder stops the
 * start instead of the first reset mail.
 */
export function loadTemplates(dir: string | undefined): Record<TemplateName, Template> {
  if (!dir) return BUILT_IN;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ConfigError(`MAIL_TEMPLATES_DIR ${dir} is not a folder`);
  const templates = { ...BUILT_IN };
  for (const name of TEMPLATE_NAMES) {
    const parts = { ...BUILT_IN[name] };
    for (const part of Object.keys(PART_FILES) as (keyof Template)[]) {
      const file = join(dir, `${name}.${PART_FILES[part]}`);
      if (existsSync(file)) parts[part] = readFileSync(file, 'utf8');
    }
    templates[name] = parts;
  }
  return templates;
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function fill(text: string, values: TemplateValues, escape: (v: string) => string): string {
  return text.replace(/\{\{\s*(product|link|expiresIn)\s*\}\}/g, (_m, key: keyof TemplateValues) => escape(values[key] ?? ''));
}

/** Fills `{{product}}`, `{{link}}` and `{{expiresIn}}`; the subject stays on one line whatever a template holds. */
export function render(template: Template, values: TemplateValues): RenderedMail {
  return {
    subject: fill(template.subject, values, (v) => v)
      .replace(/[\r\n]+/g, ' ')
      .trim(),
    text: fill(template.text, values, (v) => v),
    html: fill(template.html, values, escapeHtml),
  };
}

/** `3600` → `1 hour`, `86400` → `24 hours`, `900` → `15 minutes`: for the mail text. */
export function describeDuration(seconds: number): string {
  const [amount, unit] = seconds % 3600 === 0 ? [seconds / 3600, 'hour'] : seconds % 60 === 0 ? [seconds / 60, 'minute'] : [seconds, 'second'];
  return `${amount} ${unit}${amount === 1 ? '' : 's'}`;
}
