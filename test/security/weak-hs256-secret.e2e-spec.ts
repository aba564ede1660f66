import { ConfigError } from '../../src/config/index.js';
import { forge, signerFor } from '../support/forge.js';
import { decodeSegment, startApp, type TestApp } from '../support/test-app.js';

/** Starts the app, or returns why it refused; a refusal is what production must do with a guessable secret. */
async function tryStart(env: Record<string, string>): Promise<TestApp | Error> {
  return startApp(env).catch((error: unknown) => error as Error);
}

// JWT_SECRET only had to be 32 bytes long. An operator who set 32 times the same character passed that check, and an
// attacker who guesses such a secret signs any token: here a plain user re-signs their own token with the admin role.
describe('HS256 with a long but guessable JWT_SECRET in production', () => {
  it.each([
    ['32 times the same character', 'x'.repeat(32)],
    ['a short word repeated', 'changeme'.repeat(4)],
    ['a keyboard run', 'abcdefghijklmnopqrstuvwxyz012345'],
  ])('refuses to start on %s, so no admin token can be forged with it', async (_case, secret) => {
    const started = await tryStart({
      NODE_ENV: 'production',
      SMTP_URL: 'smtp://127.0.0.1:1',
      DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64url'),
      JWT_ALG: 'HS256',
      JWT_SECRET: secret,
    });
    if (!(started instanceof Error)) {
      // What the old behaviour allowed: the guessed secret signs an admin token that the app accepts.
      try {
        const user = await started.user();
        const [header, claims] = [decodeSegment(user.accessToken, 0), decodeSegment(user.accessToken, 1)];
        const forged = forge(header, { ...claims, roles: ['admin'] }, signerFor('HS256', secret));
        const res = await started.http().get('/users').set('Authorization', `Bearer ${forged}`);
        expect(res.status, 'an admin token forged with the guessed secret').not.toBe(200);
      } finally {
        await started.close();
      }
    }
    expect(started).toBeInstanceOf(ConfigError);
    expect((started as Error).message).toMatch(/^JWT_SECRET is too predictable for production/);
    expect((started as Error).message).not.toContain('\n');
    expect((started as Error).message).not.toContain(secret);
  });

  it('starts in production with a random secret of the same length', async () => {
    const started = await tryStart({
      NODE_ENV: 'production',
      JWT_ALG: 'HS256',
      JWT_SECRET: 'kR9v-Zq2LmX7pW4tB1nY8sD3fH6jG0cE',
      DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64url'),
      SMTP_URL: 'smtp://127.0.0.1:1',
    });
    expect(started).not.toBeInstanceOf(Error);
    const t = started as TestApp;
    try {
      const user = await t.user();
      expect((await t.http().get('/auth/me').set('Authorization', user.auth)).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
