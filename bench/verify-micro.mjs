// In-process micro-benchmark: Gatehouse's whole verify path (the compiled AccessTokenVerifier: extraction, header
// rules, key lookup, signature, claim checks, revocation lookup) against the bare node:crypto primitive plus the
// JSON.parse of the payload, which any verifier must do. Every token is distinct, so the verified-token cache never
// answers; the ratio is the cost of everything around the signature check. The cached path (one token sent again
// and again, as a client does) and jsonwebtoken (what the verifier used before, through @nestjs/jwt) are reported
// beside it.
import { createHmac, createSecretKey, generateKeyPairSync, randomBytes, randomUUID, timingSafeEqual, verify as cryptoVerify } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const jsonwebtoken = require('jsonwebtoken');
require('reflect-metadata');
const { SignJWT } = require('jose');
const { AccessTokenVerifier } = require('../dist/src/tokens/access-token-verifier.js');
const { AccessTokenEnvelopeService } = require('../dist/src/tokens/access-token-envelope.service.js');
const { CookieCredentialsService } = require('../dist/src/tokens/cookie-credentials.service.js');

const N = Number(process.env.BENCH_MICRO_N || 3000);
const ROUNDS = Number(process.env.BENCH_MICRO_ROUNDS || 5);
// HS256 is 20-60 times cheaper per token than the others: with as few tokens its rounds last a few milliseconds, and one
// major GC landing in one candidate's round decided the ratio (1.0 to 2.6 between runs here). Eight times the tokens
// make each round long enough for the GC of every candidate to be counted in its own rounds.
const tokensFor = (alg) => (alg === 'HS256' ? N * 8 : N);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const jwtConfig = { algorithm: 'ES256', issuer: 'gatehouse', audience: 'gatehouse-api', clockToleranceSeconds: 5, accessTtlSeconds: 900 };
export const MICRO_ALGORITHMS = ['HS256', 'ES256', 'RS256', 'EdDSA'];

function keysFor(alg) {
  if (alg === 'HS256') {
    const secret = createSecretKey(randomBytes(32));
    return { signKey: secret, verifyKey: secret };
  }
  const pair =
    alg === 'ES256'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : alg === 'EdDSA'
        ? generateKeyPairSync('ed25519')
        : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { signKey: pair.privateKey, verifyKey: pair.publicKey };
}

/** The bare primitive for one token: the signature check alone, as node:crypto does it. */
export function bareVerify(alg, token, verifyKey) {
  const dot = token.lastIndexOf('.');
  const input = Buffer.from(token.slice(0, dot));
  const signature = Buffer.from(token.slice(dot + 1), 'base64url');
  if (alg === 'HS256') return timingSafeEqual(createHmac('sha256', verifyKey).update(input).digest(), signature);
  if (alg === 'ES256') return cryptoVerify('sha256', input, { key: verifyKey, dsaEncoding: 'ieee-p1363' }, signature);
  if (alg === 'EdDSA') return cryptoVerify(null, input, verifyKey, signature);
  return cryptoVerify('sha256', input, verifyKey, signature);
}

/** The floor the issue measures against: the bare signature check plus JSON.parse of the payload. */
function bareVerifyAndParse(alg, token, verifyKey) {
  if (!bareVerify(alg, token, verifyKey)) return undefined;
  const first = token.indexOf('.');
  return JSON.parse(Buffer.from(token.slice(first + 1, token.indexOf('.', first + 1)), 'base64url').toString('utf8'));
}

/**
 * Operations per CPU-second of fn over every item once (after a warm-up over the first tenth, not timed). CPU time
 * (process.cpuUsage: every thread, so garbage collection counts) rather than wall time, because on a shared machine
 * wall time measures the neighbours too.
 */
async function timeOver(items, fn) {
  const warm = Math.ceil(items.length / 10);
  for (let i = 0; i < warm; i++) await fn(items[i]);
  const start = process.cpuUsage();
  for (let i = warm; i < items.length; i++) await fn(items[i]);
  const used = process.cpuUsage(start);
  return (items.length - warm) / ((used.user + used.system) / 1e6);
}

function signer(alg, signKey, kid) {
  const claims = () => ({ sid: randomUUID(), roles: ['user'] });
  if (alg === 'EdDSA') {
    return () =>
      new SignJWT(claims())
        .setProtectedHeader({ alg, typ: 'at+jwt', kid })
        .setIssuedAt()
        .setExpirationTime('15m')
        .setIssuer('gatehouse')
        .setAudience('gatehouse-api')
        .setSubject(randomUUID())
        .setJti(randomUUID())
        .sign(signKey);
  }
  return async () =>
    jsonwebtoken.sign(claims(), signKey, {
      algorithm: alg,
      header: { alg, typ: 'at+jwt', kid },
      issuer: 'gatehouse',
      audience: 'gatehouse-api',
      subject: randomUUID(),
      jwtid: randomUUID(),
      expiresIn: 900,
    });
}

export async function verifyMicroBenchmark() {
  const results = [];
  for (const alg of MICRO_ALGORITHMS) {
    const { signKey, verifyKey } = keysFor(alg);
    const kid = 'bench-kid';
    const keys = { algorithm: alg, verificationKey: (k) => (k === kid ? { alg, verifyKey } : undefined) };
    const revocations = { isRevoked: () => false };
    const settings = { jwt: { ...jwtConfig, algorithm: alg }, security: { cookies: false }, env: 'production' };
    const config = { getOrThrow: (key) => settings[key] };
    // A fresh verifier (and so an empty verified-token cache) for every round.
    const newVerifier = () =>
      new AccessTokenVerifier(keys, new AccessTokenEnvelopeService(config), new CookieCredentialsService(config), revocations, config);
    const sign = signer(alg, signKey, kid);
    const tokens = [];
    for (let i = 0; i < tokensFor(alg); i++) tokens.push(await sign());
    const through = (verifier) => async (token) => {
      const user = await verifier.authenticate({ method: 'GET', headers: { authorization: `Bearer ${token}` } });
      if (!user) throw new Error('verify failed');
    };
    if (!bareVerifyAndParse(alg, tokens[0], verifyKey)) throw new Error(`primitive check failed for ${alg}`);
    // Interleaved rounds, median of each: the machine's load drifts, and one pass of each would measure the drift.
    const candidates = {
      bare: () => (token) => bareVerify(alg, token, verifyKey),
      floor: () => (token) => bareVerifyAndParse(alg, token, verifyKey),
      strategy: () => through(newVerifier()),
      // What the verifier used before: jsonwebtoken (under @nestjs/jwt's JwtService), which has no EdDSA.
      ...(alg === 'EdDSA'
        ? {}
        : {
            jsonwebtoken: () => (token) =>
              jsonwebtoken.verify(token, verifyKey, { algorithms: [alg], issuer: 'gatehouse', audience: 'gatehouse-api', clockTolerance: 5 }),
          }),
    };
    const samples = Object.fromEntries(Object.keys(candidates).map((name) => [name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, fn] of Object.entries(candidates)) samples[name].push(await timeOver(tokens, fn()));
    }
    const [bareOps, floorOps, strategyOps, jsonwebtokenOps] = ['bare', 'floor', 'strategy', 'jsonwebtoken'].map((name) =>
      samples[name] ? median(samples[name]) : undefined,
    );
    const cachedOps = await timeOver(Array(tokens.length).fill(tokens[0]), through(newVerifier()));
    results.push({
      alg,
      strategyOpsPerSec: Math.round(strategyOps),
      primitiveOpsPerSec: Math.round(bareOps),
      floorOpsPerSec: Math.round(floorOps),
      // cost of the path / cost of (bare verify + JSON.parse): the target is <= 1.3
      costOverFloor: Math.round((floorOps / strategyOps) * 100) / 100,
      ratio: Math.round((strategyOps / bareOps) * 100) / 100,
      cachedOpsPerSec: Math.round(cachedOps),
      jsonwebtokenOpsPerSec: jsonwebtokenOps === undefined ? null : Math.round(jsonwebtokenOps),
    });
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await verifyMicroBenchmark());
}
