// Load from wrk (C, a few percent of a core at these rates), for the scenarios where every request carries another
// user's token: autocannon would spend more of the shared two cores building those requests than the server spends
// answering them. Installed by .ci/install-wrk.sh (Debian's wrk).
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./rotate-tokens.lua', import.meta.url));
const THREADS = 2;

export function assertWrkInstalled() {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
  } catch (error) {
    // wrk --version exits 1 after printing its version; only a missing binary is an error here.
    if (error.code === 'ENOENT')
      throw new Error('wrk is not installed: run `bash .ci/install-wrk.sh` (Debian package wrk), then npm run bench again', { cause: error });
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc. */
export function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * One wrk run against url; with tokensFile, each request sends the next token of the file (as a bearer token, or in
 * `header` as it is). Returns req/s, latency
 * percentiles in ms and, when serverPid is given, the server's CPU milliseconds per request (a figure the machine's
 * other load disturbs much less than req/s).
 */
export function wrk(url, { tokensFile, header, connections = 32, seconds = 3, serverPid } = {}) {
  const before = serverPid ? cpuSeconds(serverPid) : 0;
  const args = ['-t', String(THREADS), '-c', String(connections), '-d', `${seconds}s`, '--timeout', '10s', '-s', SCRIPT, url];
  if (tokensFile) args.push('--', tokensFile, String(THREADS), ...(header ? [header] : []));
  return new Promise((resolve, reject) => {
    execFile('wrk', args, { maxBuffer: 1 << 20 }, (error, stdout) => {
      if (error) return reject(error);
      const line = stdout.trim().split('\n').pop();
      const r = JSON.parse(line);
      if (r.non2xx > 0 || r.errors > 0) return reject(new Error(`wrk ${url}: ${r.non2xx} non-2xx and ${r.errors} errors out of ${r.requests}`));
      const rps = r.requests / (r.durationUs / 1e6);
      const cpuMsPerRequest = serverPid ? ((cpuSeconds(serverPid) - before) * 1000) / r.requests : undefined;
      resolve({
        requests: r.requests,
        rps,
        p50: r.p50Us / 1000,
        p99: r.p99Us / 1000,
        cpuUsPerRequest: cpuMsPerRequest === undefined ? undefined : cpuMsPerRequest * 1000,
      });
    });
  });
}
