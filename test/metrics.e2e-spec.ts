import { PASSWORD, startApp, type TestApp } from './support/test-app.js';

const TOKEN = 'metrics-scrape-token-0123456789';

/** Samples of a Prometheus text exposition: `name{a="b",c="d"}` → value (parsed, not grepped). */
function parseExposition(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels = match[3] ? [...match[3].matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map(([, k, v]) => `${k}=${v}`).sort() : [];
    samples.set(labels.length ? `${match[1]}{${labels.join(',')}}` : match[1], Number(match[4]));
  }
  return samples;
}

describe('GET /metrics', () => {
  it('is 404 when METRICS_TOKEN is unset, as an unknown route', async () => {
    const t = await startApp();
    try {
      const res = await t.http().get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
      expect(res.status).toBe(404);
    } finally {
      await t.close();
    }
  });

  describe('with METRICS_TOKEN', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startApp({ METRICS_TOKEN: TOKEN });
    });
    afterAll(() => t.close());

    const scrape = async () => {
      const res = await t.http().get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      return parseExposition(res.text);
    };
    const value = (samples: Map<string, number>, key: string) => samples.get(key) ?? 0;

    it('answers 401 with the bearer challenge without the token or with a wrong one', async () => {
      for (const header of [undefined, 'Bearer wrong-token-wrong-token', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`]) {
        const req = t.http().get('/metrics');
        const res = header ? await req.set('Authorization', header) : await req;
        expect(res.status).toBe(401);
        expect(res.headers['www-authenticate']).toBe('Bearer realm="gatehouse"');
        expect(res.text).not.toContain('gatehouse_logins_total');
      }
    });

    it('moves each counter by the expected amount after a scripted sequence of requests', async () => {
      const account = await t.user();
      const before = await scrape();

      for (let i = 0; i < 2; i++) expect((await t.http().post('/auth/login').send({ email: account.email, password: PASSWORD })).status).toBe(200);
      for (let i = 0; i < 3; i++)
        expect(
          (
            await t
              .http()
              .post('/auth/login')
              .send({ email: account.email, password: `wrong ${i}` })
          ).status,
        ).toBe(401);
      const login = await t.http().post('/auth/login').send({ email: account.email, password: PASSWORD });
      const refreshed = await t.http().post('/auth/refresh').send({ refreshToken: login.body.refreshToken });
      expect(refreshed.status).toBe(200);
      expect((await t.http().post('/auth/refresh').send({ refreshToken: login.body.refreshToken })).status).toBe(401);
      const auth = `Bearer ${refreshed.body.accessToken}`;
      // The reuse revoked the session: this token is refused now.
      expect((await t.http().get('/auth/me').set('Authorization', auth)).status).toBe(401);
      const again = await t.http().post('/auth/login').send({ email: account.email, password: PASSWORD });
      const good = `Bearer ${again.body.accessToken}`;
      for (let i = 0; i < 4; i++) expect((await t.http().get('/auth/me').set('Authorization', good)).status).toBe(200);
      expect((await t.http().get('/auth/me')).status).toBe(401);
      expect((await t.http().post('/auth/logout').set('Authorization', good)).status).toBe(204);

      const after = await scrape();
      const delta = (key: string) => value(after, key) - value(before, key);
      expect(delta('gatehouse_logins_total{outcome=success}')).toBe(4);
      expect(delta('gatehouse_logins_total{outcome=failure}')).toBe(3);
      expect(delta('gatehouse_refreshes_total')).toBe(1);
      expect(delta('gatehouse_refresh_reuse_detections_total')).toBe(1);
      expect(delta('gatehouse_revocations_total{cause=refresh_reuse}')).toBe(1);
      expect(delta('gatehouse_revocations_total{cause=logout}')).toBe(1);
      // 4 good /auth/me + the logout; the revoked token once; no credential once. The first scrape's own request is public.
      expect(delta('gatehouse_token_verifications_total{outcome=valid}')).toBe(5);
      expect(delta('gatehouse_token_verifications_total{outcome=invalid}')).toBe(1);
      expect(delta('gatehouse_token_verifications_total{outcome=missing}')).toBe(1);
      expect(delta('gatehouse_http_request_duration_seconds_count{method=GET,route=/auth/me,status_class=2xx}')).toBe(4);
      expect(delta('gatehouse_http_request_duration_seconds_count{method=POST,route=/auth/login,status_class=4xx}')).toBe(3);
      expect(value(after, 'gatehouse_dependency_up{dependency=database}')).toBe(1);
      expect(value(after, 'gatehouse_revocation_store_size')).toBeGreaterThanOrEqual(2);
      expect(delta('gatehouse_password_hash_queue_wait_seconds_count')).toBeGreaterThanOrEqual(6);
      expect(value(after, 'gatehouse_process_cpu_user_seconds_total')).toBeGreaterThan(0);
    });

    it('labels routes by template, never with an id or an e-mail', async () => {
      const admin = await t.admin();
      const user = await t.user();
      expect((await t.http().get(`/users/${user.id}`).set('Authorization', admin.auth)).status).toBe(200);
      expect((await t.http().get(`/no-such-route/${user.id}`)).status).toBe(404);
      const samples = [...(await scrape()).keys()];
      expect(samples).toContain('gatehouse_http_request_duration_seconds_count{method=GET,route=/users/:id,status_class=2xx}');
      expect(samples).toContain('gatehouse_http_request_duration_seconds_count{method=GET,route=unmatched,status_class=4xx}');
      const labels = samples.join('\n');
      expect(labels).not.toContain(user.id);
      expect(labels).not.toContain('@');
    });

    it('counts a lockout by scope', async () => {
      const victim = await t.user();
      const before = await scrape();
      for (let i = 0; i < 5; i++)
        await t
          .http()
          .post('/auth/login')
          .send({ email: victim.email, password: `nope ${i}` });
      expect((await t.http().post('/auth/login').send({ email: victim.email, password: PASSWORD })).status).toBe(429);
      const after = await scrape();
      expect(value(after, 'gatehouse_lockouts_total{scope=client}') - value(before, 'gatehouse_lockouts_total{scope=client}')).toBe(1);
    });
  });
});
