// node:crypto's own verify rate for one algorithm on one thread: the signature check and nothing else, over the very
// tokens the server is sent. The many-users ceiling, 1 / (1/public + 1/bare), is built from it.
import { bareVerify } from './verify-micro.mjs';

const SAMPLE_CPU_SECONDS = 0.4;

/** Verifications per CPU-second (process.cpuUsage, as in the in-process benchmark) over the tokens, in order. */
export function bareVerifyRate(alg, tokens, verifyKey) {
  if (!bareVerify(alg, tokens[0], verifyKey)) throw new Error(`bare ${alg} verify refused a token the server issued`);
  const start = process.cpuUsage();
  let done = 0;
  let spent = 0;
  while (spent < SAMPLE_CPU_SECONDS) {
    for (let i = 0; i < 200; i++) bareVerify(alg, tokens[(done + i) % tokens.length], verifyKey);
    done += 200;
    const used = process.cpuUsage(start);
    spent = (used.user + used.system) / 1e6;
  }
  return done / spent;
}
