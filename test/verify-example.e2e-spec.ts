import { execFile, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startApp, type TestApp } from './support/test-app.js';

const run = promisify(execFile);
const SCRIPT = join(__dirname, '..', 'docs', 'examples', 'verify_gatehouse_token.py');
// The documented example needs python3 and `cryptography`; without them this suite shows as skipped, not passed.
const hasPython = spawnSync('python3', ['-c', 'import cryptography'], { stdio: 'ignore' }).status === 0;

describe.skipIf(!hasPython).each(['ES256', 'RS256', 'EdDSA'])('the Python verifier in docs/examples (%s)', (alg) => {
  let t: TestApp;
  let jwksUrl: string;
  beforeAll(async () => {
    t = await startApp({ JWT_ALG: alg });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    jwksUrl = `${await t.app.getUrl()}/.well-known/jwks.json`.replace('[::1]', '127.0.0.1');
  });
  afterAll(() => t.close());

  it('accepts a Gatehouse token using only the JWKS URL, iss and aud', async () => {
    const u = await t.user();
    const { stdout } = await run('python3', [SCRIPT, jwksUrl, u.accessToken, 'gatehouse', 'gatehouse-api']);
    expect(JSON.parse(stdout)).toMatchObject({ sub: u.id, iss: 'gatehouse', aud: 'gatehouse-api' });
  });

  it('rejects a changed payload and a wrong audience', async () => {
    const [h, , s] = (await t.user()).accessToken.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ sub: 'x', roles: ['admin'] })).toString('base64url')}.${s}`;
    await expect(run('python3', [SCRIPT, jwksUrl, forged])).rejects.toMatchObject({ code: 1, stdout: 'invalid: bad signature\n' });
    const token = (await t.user()).accessToken;
    await expect(run('python3', [SCRIPT, jwksUrl, token, 'gatehouse', 'other-api'])).rejects.toMatchObject({ stdout: 'invalid: wrong aud\n' });
  });
});
