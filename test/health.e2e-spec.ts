import { DataSource } from 'typeorm';
import { startApp, type TestApp } from './support/test-app.js';

describe('GET /health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('answers 200 {status: "ok"} with the database up, without a token', async () => {
    const res = await t.http().get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });

  it('ignores a junk token: health is public', async () => {
    await t.http().get('/health').set('Authorization', 'Bearer junk').expect(200);
  });

  it('answers 503 naming the database when it is down, and 200 again once it is back', async () => {
    const dataSource = t.app.get(DataSource);
    await dataSource.destroy();
    try {
      const res = await t.http().get('/health');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', code: 'HEALTH_DEGRADED' });
      expect(res.body.message).toContain('database');
      expect(res.headers['retry-after']).toBe('5');
    } finally {
      await dataSource.initialize();
    }
    await t.http().get('/health').expect(200);
  });
});
