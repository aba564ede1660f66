// node bench/observability-micro.mjs (after npm run build): CPU time per request of GET /auth/verify, in process
// (Fastify's inject, no sockets), for the app without and with METRICS_TOKEN, and for a bare Fastify route without
// and with the two hooks this work adds (request context for the audit rows, the duration histogram). CPU time of
// this process, not wall time, and interleaved blocks with medians: a shared, loaded machine makes HTTP figures noise.
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { Histogram, Registry } from 'prom-client';
import { createApp } from '../dist/src/app.setup.js';
import { loadConfig } from '../dist/src/config/index.js';

const BLOCKS = Number(process.env.BENCH_BLOCKS || 21);
const PER_BLOCK = Number(process.env.BENCH_PER_BLOCK || 400);
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

async function cpuMicrosPerRequest(inject) {
  const start = process.cpuUsage();
  for (let i = 0; i < PER_BLOCK; i++) await inject();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / PER_BLOCK;
}

async function gatehouse(env) {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-micro-'));
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`, JWT_KEYS_DIR: join(dir, 'keys'), ...env });
  const app = await createApp(config, { logger: false });
  const fastify = app.getHttpAdapter().getInstance();
  const post = async (url, payload) => (await fastify.inject({ method: 'POST', url, payload })).json();
  await post('/auth/register', { email: 'micro@example.com', password: 'micro password 1' });
  const { accessToken } = await post('/auth/login', { email: 'micro@example.com', password: 'micro password 1' });
  const headers = { authorization: `Bearer ${accessToken}` };
  return {
    inject: async () => {
      const res = await fastify.inject({ method: 'GET', url: '/auth/verify', headers });
      if (res.statusCode !== 200) throw new Error(`verify: ${res.statusCode}`);
    },
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function bare(withHooks) {
  const fastify = Fastify();
  if (withHooks) {
    const als = new AsyncLocalStorage();
    const histogram = new Histogram({ name: 'd', help: 'd', labelNames: ['method', 'route', 'status_class'], registers: [new Registry()] });
    fastify.addHook('onRequest', (request, _reply, done) => als.run({ ip: request.ip, userAgent: request.headers['user-agent'] }, done));
    fastify.addHook('onResponse', (request, reply, done) => {
      histogram.observe({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status_class: '2xx' }, reply.elapsedTime / 1000);
      done();
    });
  }
  fastify.get('/x', async () => ({ ok: true }));
  await fastify.ready();
  return { inject: () => fastify.inject({ method: 'GET', url: '/x' }), close: () => fastify.close() };
}

const subjects = {
  'gatehouse, metrics off': await gatehouse({}),
  'gatehouse, metrics on': await gatehouse({ METRICS_TOKEN: 'micro-metrics-token-0123456789' }),
  'bare fastify': await bare(false),
  'bare fastify + the two hooks': await bare(true),
};
const samples = Object.fromEntries(Object.keys(subjects).map((k) => [k, []]));
for (const s of Object.values(subjects)) for (let i = 0; i < 200; i++) await s.inject(); // warm-up
for (let b = 0; b < BLOCKS; b++) for (const [name, s] of Object.entries(subjects)) samples[name].push(await cpuMicrosPerRequest(s.inject));
const result = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, Math.round(median(v) * 10) / 10]));
console.table(Object.entries(result).map(([subject, cpuMicros]) => ({ subject, cpuMicrosPerRequest: cpuMicros })));
const hooks = result['bare fastify + the two hooks'] - result['bare fastify'];
const base = result['gatehouse, metrics off'];
console.log(`two hooks: +${hooks.toFixed(1)} µs per request = ${((hooks / base) * 100).toFixed(1)}% of GET /auth/verify (${base} µs)`);
console.log(`metrics on vs off: ${(((result['gatehouse, metrics on'] - base) / base) * 100).toFixed(1)}%`);
for (const s of Object.values(subjects)) await s.close();
process.exit(0);
