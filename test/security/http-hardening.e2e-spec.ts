import { startApp, type TestApp } from '../support/test-app.js';

const STACK_LINE = /\bat .+:\d+:\d+/;

describe('HTTP hardening (defaults)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it.each([
    ['a JSON success', '/health', 200],
    ['a 401', '/auth/me', 401],
    ['a 404', '/no-such-route', 404],
  ])('sends helmet headers and no X-Powered-By on %s', async (_name, path, status) => {
    const res = await t.http().get(path);
    expect(res.status).toBe(status);
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['content-security-policy']).toContain("object-src 'none'");
  });

  it('allows no cross-origin caller by default (no CORS headers, preflight included)', async () => {
    const simple = await t.http().get('/health').set('Origin', 'https://evil.example');
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await t
      .http()
      .options('/auth/login')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type');
    expect(preflight.status).toBeLessThan(500);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('answers a body over 100 kB with 413 in the error shape', async () => {
    const res = await t
      .http()
      .post('/auth/login')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(101 * 1024) }));
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
  });

  it('answers a body just under 100 kB normally (validation, not 413)', async () => {
    const res = await t
      .http()
      .post('/auth/login')
      .send({ email: 'a@example.com', password: 'x'.repeat(99 * 1024) });
    expect(res.status).toBe(400);
  });

  it.each([
    ['malformed JSON', 'application/json', '{"email": '],
    ['JSON that is not an object', 'application/json', '"just a string"'],
    ['a prototype-pollution payload', 'application/json', '{"__proto__": {"isAdmin": true}, "email": "a@example.com", "password": "x"}'],
    ['an unsupported content type', 'application/xml', '<login/>'],
  ])('answers %s with a clean 4xx and no stack trace', async (_name, type, body) => {
    const res = await t.http().post('/auth/login').set('Content-Type', type).send(body);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body.statusCode).toBe(res.status);
    expect(JSON.stringify(res.body)).not.toMatch(STACK_LINE);
    expect(res.body).not.toHaveProperty('stack');
  });
});

describe('HTTP hardening (CORS_ORIGINS set)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ CORS_ORIGINS: 'https://app.example, https://admin.example' });
  });
  afterAll(() => t.close());

  it('allows only the listed origins', async () => {
    const allowed = await t.http().get('/health').set('Origin', 'https://admin.example');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://admin.example');
    expect(allowed.headers.vary).toMatch(/Origin/i);
    for (const origin of ['https://evil.example', 'https://app.example.evil.example', 'null', 'http://app.example']) {
      const res = await t.http().get('/health').set('Origin', origin);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    }
  });

  it('answers a preflight from a listed origin with the allowed methods and headers', async () => {
    const res = await t
      .http()
      .options('/auth/login')
      .set('Origin', 'https://app.example')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type,authorization');
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('https://app.example');
    expect(res.headers['access-control-allow-methods']).toContain('POST');
    expect(res.headers['access-control-allow-headers']?.toLowerCase()).toContain('authorization');
  });
});
