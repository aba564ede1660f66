// The memory of an instance that starts on many revoked sessions (the revocation store reads every live revocation
// into memory at start): one Gatehouse is started on an empty SQLite file and stopped, COUNT revocations are written
// into its table as another process would write them, then it is started again as `npm start` starts it, and its RSS
// and peak RSS (VmHWM) are printed at start, 2 s later, after a login and after each of three verify loads.
// Figures in docs/performance.md (Memory).
//   npm run build && node bench/revocation-memory.mjs [COUNT=100000]
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { insertRevocations } from './revocation-rows.mjs';
import { peakRssMiB, rssMiB, startGatehouse } from './servers.mjs';

const COUNT = Number(process.argv[2] ?? 100_000);
const PASSWORD = 'benchmark password 1';

const empty = await startGatehouse();
await empty.stop({ keepFiles: true });
await insertRevocations(`${empty.dir}/gatehouse.sqlite`, COUNT);

const startedAt = Date.now();
const server = await startGatehouse({}, empty.dir);
const show = (phase) =>
  console.log(`${phase.padEnd(22)} rss ${String(rssMiB(server.pid)).padStart(6)}  peak ${String(peakRssMiB(server.pid)).padStart(6)}`);
show(`started in ${Date.now() - startedAt} ms`);
await sleep(2000);
show('2 s later');
const post = async (path, body) =>
  (await fetch(server.base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();
const email = `revocations-${randomUUID()}@example.com`;
await post('/auth/register', { email, password: PASSWORD });
const { accessToken } = await post('/auth/login', { email, password: PASSWORD });
show('one login');
for (let round = 1; round <= 3; round++) {
  const r = await autocannon({
    url: `${server.base}/auth/verify`,
    headers: { authorization: `Bearer ${accessToken}` },
    connections: 32,
    duration: 3,
  });
  if (r.non2xx || r.errors) throw new Error(`/auth/verify: ${r.non2xx} non-2xx, ${r.errors} errors`);
  show(`verify load ${round}`);
}
await server.stop();
