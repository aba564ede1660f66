import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeDuration, loadTemplates, render } from './mail-templates.js';

describe('mail templates', () => {
  it('fills product, link and lifetime, escaping them in the HTML body only', () => {
    const mail = render(
      { subject: '{{product}} link', text: 'Open {{link}} within {{expiresIn}}', html: '<a href="{{link}}">{{product}}</a>' },
      { product: 'A&B <Corp>', link: 'https://x.example/r?token=a"b', expiresIn: '1 hour' },
    );
    expect(mail.subject).toBe('A&B <Corp> link');
    expect(mail.text).toBe('Open https://x.example/r?token=a"b within 1 hour');
    expect(mail.html).toBe('<a href="https://x.example/r?token=a&quot;b">A&amp;B &lt;Corp&gt;</a>');
  });

  it('keeps the subject on one line whatever a template holds (no header injection)', () => {
    expect(render({ subject: 'Hi\r\nBcc: all@example.com\n', text: '', html: '' }, { product: 'P' }).subject).toBe('Hi Bcc: all@example.com');
  });

  it("replaces built-in templates file by file from the operator's folder", () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-tpl-'));
    try {
      writeFileSync(join(dir, 'email-verification.subject.txt'), 'Welcome to {{product}}');
      const templates = loadTemplates(dir);
      expect(templates['email-verification'].subject).toBe('Welcome to {{product}}');
      expect(templates['email-verification'].text).toContain('{{link}}');
      expect(templates['password-reset']).toEqual(loadTemplates(undefined)['password-reset']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('describes link lifetimes in words', () => {
    expect(describeDuration(3600)).toBe('1 hour');
    expect(describeDuration(86400)).toBe('24 hours');
    expect(describeDuration(900)).toBe('15 minutes');
    expect(describeDuration(2)).toBe('2 seconds');
  });
});
