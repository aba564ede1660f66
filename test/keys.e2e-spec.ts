import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JWK } from 'jose';
import { rotateSigningKey } from '../src/tokens/index.js';
import { ConfigError } from '../src/config/index.js';
import { decodeSegment, startApp, type TestApp } from './support/test-app.js';
import { keyFiles } from './support/forge.js';

const SECRET = 'a test secret that is long enough for HS256 ok';
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function jwks(t: TestApp): Promise<JWK[]> {
  const res = await t.http().get('/.well-known/jwks.json');
  expect(res.status).toBe(200);
  return res.body.keys as JWK[];
}

/** Verifies with jose alone: the keys come from the public JWKS (or the shared secret), never from the code under test. */
async function verifyIndependently(t: TestApp, token: string, alg: string, secret?: string) {
  const options = { issuer: 'gatehouse', audience: 'gatehouse-api', typ: 'at+jwt', algorithms: [alg], requiredClaims: ['exp', 'sub', 'jti'] };
  if (secret) return jwtVerify(token, new TextEncoder().encode(secret), options);
  return jwtVerify(token, createLocalJWKSet({ keys: await jwks(t) }), options);
}

const me = (t: TestApp, auth: string) => t.http().get('/auth/me').set('Authorization', auth);

describe.each(['RS256', 'ES256', 'EdDSA'] as const)('%s signing keys', (alg) => {
  const env = { JWT_ALG: alg };
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp(env);
  });
  afterAll(() => t.close());

  it('issues at+jwt tokens with a kid that verify against the published JWKS', async () => {
    const u = await t.user();
    const header = decodeProtectedHeader(u.accessToken);
    expect(header).toEqual({ alg, typ: 'at+jwt', kid: expect.any(String) });
    const { payload } = await verifyIndependently(t, u.accessToken, alg);
    expect(payload.sub).toBe(u.id);
    expect(payload).not.toHaveProperty('email');
    const keys = await jwks(t);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kid: header.kid, alg, use: 'sig', kty: { RS256: 'RSA', ES256: 'EC', EdDSA: 'OKP' }[alg] });
    for (const member of PRIVATE_MEMBERS) expect(keys[0]).not.toHaveProperty(member);
  });

  it('serves JWKS publicly with a cache lifetime', async () => {
    const res = await t.http().get('/.well-known/jwks.json');
    expect(res.headers['cache-control']).toMatch(/^public, max-age=\d+$/);
  });

  it('writes the private key with mode 0600', async () => {
    const { statSync } = await import('node:fs');
    const [file] = keyFiles(join(t.dir, 'keys'));
    expect(statSync(join(t.dir, 'keys', file)).mode & 0o777).toBe(0o600);
  });
});

describe('HS256 with JWT_SECRET', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    t = await startApp({ JWT_ALG: 'HS256', JWT_SECRET: SECRET });
    dir = t.dir;
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs with the secret, publishes nothing and keeps its kid across a restart', async () => {
    const u = await t.user();
    const header = decodeProtectedHeader(u.accessToken);
    expect(header).toEqual({ alg: 'HS256', typ: 'at+jwt', kid: expect.any(String) });
    await expect(verifyIndependently(t, u.accessToken, 'HS256', SECRET)).resolves.toBeDefined();
    await expect(jwks(t)).resolves.toEqual([]);

    await t.close({ keepFiles: true });
    t = await startApp({ JWT_ALG: 'HS256', JWT_SECRET: SECRET }, dir);
    expect((await me(t, u.auth)).status).toBe(200);
    expect(decodeProtectedHeader((await t.user()).accessToken).kid).toBe(header.kid);
  });

  it('refuses file rotation: the secret is the key', async () => {
    await expect(rotateSigningKey(t.config)).rejects.toThrow(/JWT_SECRET/);
  });
});

describe.each(['HS256', 'RS256', 'ES256', 'EdDSA'] as const)('%s restart and rotation', (alg) => {
  // Short lifetimes so retirement (TTL + 5 s tolerance after the new key took over) is seconds away.
  const env = { JWT_ALG: alg, ACCESS_TOKEN_TTL: '2' };
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    t = await startApp(env);
    dir = t.dir;
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the kid and old tokens across a restart, rotates at the next start and retires the old key', async () => {
    const before = await t.user();
    const kid1 = decodeProtectedHeader(before.accessToken).kid;

    await t.close({ keepFiles: true });
    t = await startApp(env, dir);
    expect((await me(t, before.auth)).status).toBe(200);
    const again = await t.user();
    expect(decodeProtectedHeader(again.accessToken).kid).toBe(kid1);

    const { kid: kid2 } = await rotateSigningKey(t.config);
    expect(kid2).not.toBe(kid1);
    // Takes effect at the next start, not in the running instance.
    expect(decodeProtectedHeader((await t.user()).accessToken).kid).toBe(kid1);

    const old = await t.user();
    await t.close({ keepFiles: true });
    t = await startApp(env, dir);
    const restartedAt = Date.now();
    expect((await me(t, old.auth)).status).toBe(200);
    const fresh = await t.user();
    expect(decodeProtectedHeader(fresh.accessToken).kid).toBe(kid2);
    if (alg !== 'HS256') {
      expect((await jwks(t)).map((k) => k.kid).sort()).toEqual([kid1, kid2].sort());
      await expect(verifyIndependently(t, fresh.accessToken, alg)).resolves.toBeDefined();
      await expect(verifyIndependently(t, old.accessToken, alg)).resolves.toBeDefined();
    } else {
      await expect(jwks(t)).resolves.toEqual([]);
    }
    expect(keyFiles(join(dir, 'keys'))).toHaveLength(2);

    // Every kid1 token has expired 2 s + 5 s after kid2 took over; then kid1 leaves JWKS.
    if (alg !== 'HS256') {
      while ((await jwks(t)).some((k) => k.kid === kid1)) await sleep(250);
      expect(Date.now() - restartedAt).toBeGreaterThanOrEqual(6_000);
      expect((await jwks(t)).map((k) => k.kid)).toEqual([kid2]);
    } else {
      await sleep(Math.max(0, restartedAt + 7_500 - Date.now()));
    }
    expect((await me(t, old.auth)).status).toBe(401);
    expect((await me(t, `Bearer ${(await t.user()).accessToken}`)).status).toBe(200);

    // ... and its file is deleted at the next start.
    await t.close({ keepFiles: true });
    t = await startApp(env, dir);
    expect(keyFiles(join(dir, 'keys'))).toHaveLength(1);
    expect(decodeProtectedHeader((await t.user()).accessToken).kid).toBe(kid2);
  }, 60_000);
});

describe('staged rotation (publish first, sign later)', () => {
  const env = { JWT_ALG: 'ES256', ACCESS_TOKEN_TTL: '2' };
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    t = await startApp(env);
    dir = t.dir;
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes a staged key at the next start and signs with it only from its time', async () => {
    const kid1 = decodeProtectedHeader((await t.user()).accessToken).kid;
    const { kid: kid2 } = await rotateSigningKey(t.config, { signAfterSeconds: 3 });
    await t.close({ keepFiles: true });
    t = await startApp(env, dir);

    expect((await jwks(t)).map((k) => k.kid).sort()).toEqual([kid1, kid2].sort());
    const early = await t.user();
    expect(decodeProtectedHeader(early.accessToken).kid).toBe(kid1);

    let late = await t.user();
    for (let i = 0; i < 40 && decodeProtectedHeader(late.accessToken).kid !== kid2; i++) {
      await sleep(250);
      late = await t.user();
    }
    expect(decodeProtectedHeader(late.accessToken).kid).toBe(kid2);
    await expect(verifyIndependently(t, late.accessToken, 'ES256')).resolves.toBeDefined();
    // The last kid1 tokens are still valid right after the switch.
    expect((await me(t, early.auth)).status).toBe(200);
    expect(decodeSegment(late.accessToken, 1).sub).toBe(late.id);
  }, 30_000);
});

describe('an unusable key folder', () => {
  it('stops start-up in production with a ConfigError naming JWT_KEYS_DIR', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-test-'));
    const notAFolder = join(dir, 'keys');
    writeFileSync(notAFolder, 'a file where the key folder should be');
    try {
      const start = startApp(
        {
          NODE_ENV: 'production',
          JWT_KEYS_DIR: notAFolder,
          SMTP_URL: 'smtp://127.0.0.1:1',
          DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64url'),
        },
        dir,
      );
      await expect(start).rejects.toThrow(ConfigError);
      await expect(start).rejects.toThrow(/JWT_KEYS_DIR .* is not a usable folder/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
