import { ConfigError, loadConfig } from './index.js';

const refusal = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('mail and recovery settings (issue 14)', () => {
  it('reads SMTP_URL, MAIL_FROM, APP_URL (without a trailing slash) and the recovery TTLs', () => {
    const config = loadConfig({
      SMTP_URL: 'smtps://mailer:s3cret@smtp.example.com:465',
      MAIL_FROM: 'Acme <id@acme.example>',
      APP_URL: 'https://id.acme.example/',
      PASSWORD_RESET_TTL: '30m',
      EMAIL_VERIFICATION_TTL: '2d',
      REQUIRE_VERIFIED_EMAIL: 'true',
    });
    expect(config.mail).toMatchObject({
      smtpUrl: 'smtps://mailer:s3cret@smtp.example.com:465',
      from: 'Acme <id@acme.example>',
      appUrl: 'https://id.acme.example',
    });
    expect(config.recovery).toMatchObject({ passwordResetTtlSeconds: 1800, emailVerificationTtlSeconds: 172800, requireVerifiedEmail: true });
  });

  it('refuses production without SMTP_URL, with one line, and starts with it', () => {
    const message = refusal({ NODE_ENV: 'production' });
    expect(message).toMatch(/^SMTP_URL is required in production/);
    expect(message).not.toContain('\n');
    expect(
      loadConfig({ NODE_ENV: 'production', SMTP_URL: 'smtp://mail.internal:25', DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64url') }).mail
        .smtpUrl,
    ).toBe('smtp://mail.internal:25');
  });

  it.each([
    [{ SMTP_URL: 'http://mail.example.com' }, /SMTP_URL must look like/],
    [{ SMTP_URL: 'smtp://' }, /SMTP_URL must look like/],
    [{ APP_URL: 'javascript:alert(1)' }, /APP_URL must be an http\(s\) URL/],
    [{ APP_URL: 'not a url' }, /APP_URL must be an http\(s\) URL/],
    [{ MAIL_FROM: 'a@b.example\r\nBcc: everyone@example.com' }, /MAIL_FROM must be one line/],
    [{ PASSWORD_RESET_TTL: 'forever' }, /PASSWORD_RESET_TTL must be seconds or a duration/],
    [{ EMAIL_VERIFICATION_TTL: '0' }, /EMAIL_VERIFICATION_TTL must be seconds or a duration/],
    [{ REQUIRE_VERIFIED_EMAIL: 'yes' }, /REQUIRE_VERIFIED_EMAIL must be true or false/],
    [{ RECOVERY_MAILS_PER_ACCOUNT: '0' }, /RECOVERY_MAILS_PER_ACCOUNT must be an integer/],
  ])('refuses %o', (env, message) => {
    expect(refusal(env)).toMatch(message);
  });
});
