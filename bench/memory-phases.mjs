// Where an instance's resident memory goes up: one Gatehouse started as `npm start` starts it, then the routes of the
// bench's scenario (a)-(g) one after another (32 connections, 3 s each), logins (4 connections) and the login storm
// (8 login + 8 verify connections), printing RSS and peak RSS (VmHWM) after each phase. Figures in docs/performance.md.
//   node bench/memory-phases.mjs
//   FLAGS='["--max-semi-space-size=2"]' node bench/memory-phases.mjs   (node flags after the start script's own)
//   GATEHOUSE_ENV='{"PASSWORD_HASH_CONCURRENCY":"2"}' node bench/memory-phases.mjs   (settings of the instance)
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { peakRssMiB, rssMiB, startGatehouse } from './servers.mjs';

const PASSWORD = 'benchmark password 1';
const server = await startGatehouse(JSON.parse(process.env.GATEHOUSE_ENV ?? '{}'), undefined, { nodeFlags: JSON.parse(process.env.FLAGS ?? '[]') });
const json = { 'content-type': 'application/json' };
const post = async (path, body, headers = {}) =>
  (await fetch(server.base + path, { method: 'POST', headers: { ...json, ...headers }, body: JSON.stringify(body) })).json();

async function prepareUser() {
  const email = `phases-${randomUUID()}@example.com`;
  await post('/auth/register', { email, password: PASSWORD });
  const tokens = await post('/auth/login', { email, password: PASSWORD });
  const auth = { authorization: `Bearer ${tokens.accessToken}` };
  for (let i = 0; i < 20; i++) await post('/articles', { title: `Article ${i}`, body: 'x'.repeat(500) }, auth);
  return { email, auth };
}

const show = (phase) =>
  console.log(`${phase.padEnd(24)} rss ${String(rssMiB(server.pid)).padStart(6)}  peak ${String(peakRssMiB(server.pid)).padStart(6)}`);
const load = (path, options = {}) => autocannon({ url: server.base + path, connections: 32, duration: 3, ...options });

await sleep(2000);
show('idle, 2 s after start');
const user = await prepareUser();
const loginUser = await prepareUser();
show('two users registered');
const login = { method: 'POST', headers: json, body: JSON.stringify({ email: loginUser.email, password: PASSWORD }) };
for (let round = 1; round <= 3; round++) {
  await load('/.well-known/jwks.json');
  await load('/auth/verify', { headers: user.auth });
  await load('/auth/me', { headers: user.auth });
  await load('/articles');
  show(`round ${round}: routes`);
  const logins = await load('/auth/login', { ...login, connections: 4 });
  show(`round ${round}: ${Math.round(logins.requests.average)} logins/s`);
}
for (let round = 1; round <= 3; round++) {
  await Promise.all([load('/auth/verify', { headers: user.auth, connections: 8 }), load('/auth/login', { ...login, connections: 8 })]);
  show(`login storm ${round}`);
}
await sleep(3000);
show('3 s later');
await server.stop();
