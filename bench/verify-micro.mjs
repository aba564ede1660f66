// In-process micro-benchmark: Gatehouse's whole verify path (the compiled JwtStrategy: header rules, passport-jwt,
// jsonwebtoken with a prepared KeyObject, claim checks, revocation lookup) against the bare node:crypto primitive
// that checks the same signature. The ratio is the cost of everything around the signature check.
import { createHmac, createSecretKey, generateKeyPairSync, randomBytes, randomUUID, sign as cryptoSign, timingSafeEqual, verify as cryptoVerify } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const jsonwebtoken = require('jsonwebtoken');
require('reflect-metadata');
const { JwtStrategy } = require('../dist/src/auth/strategies/jwt.strategy.js');

const N = Number(process.env.BENCH_MICRO_N || 20000);
const jwtConfig = { algorithm: 'ES256', issuer: 'gatehouse', audience: 'gatehouse-api', clockToleranceSeconds: 5 };

function keysFor(alg) {
  if (alg === 'HS256') {
    const secret = createSecretKey(randomBytes(32));
    return { signKey: secret, verifyKey: secret };
  }
  const pair = alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { signKey: pair.privateKey, verifyKey: pair.publicKey };
}

function primitive(alg, token, verifyKey) {
  const dot = token.lastIndexOf('.');
  const input = Buffer.from(token.slice(0, dot));
  const signature = Buffer.from(token.slice(dot + 1), 'base64url');
  if (alg === 'HS256') return () => timingSafeEqual(createHmac('sha256', verifyKey).update(input).digest(), signature);
  if (alg === 'ES256') return () => cryptoVerify('sha256', input, { key: verifyKey, dsaEncoding: 'ieee-p1363' }, signature);
  return () => cryptoVerify('sha256', input, verifyKey, signature);
}

async function timeIt(fn) {
  for (let i = 0; i < Math.min(1000, N); i++) await fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) await fn();
  return N / (Number(process.hrtime.bigint() - start) / 1e9);
}

export async function verifyMicroBenchmark() {
  const results = [];
  for (const alg of ['HS256', 'ES256', 'RS256']) {
    const { signKey, verifyKey } = keysFor(alg);
    const kid = 'bench-kid';
    const keys = { algorithm: alg, verificationKey: (k) => (k === kid ? { verifyKey } : undefined) };
    const revocations = { isRevoked: () => false };
    const config = { getOrThrow: () => ({ ...jwtConfig, algorithm: alg }) };
    const strategy = new JwtStrategy(keys, revocations, config);
    const token = jsonwebtoken.sign({ sid: randomUUID(), roles: ['user'] }, signKey, {
      algorithm: alg, header: { alg, typ: 'at+jwt', kid }, issuer: 'gatehouse', audience: 'gatehouse-api',
      subject: randomUUID(), jwtid: randomUUID(), expiresIn: 900,
    });
    const request = { headers: { authorization: `Bearer ${token}` } };
    const viaStrategy = () =>
      new Promise((resolve, reject) => {
        const attempt = Object.create(strategy);
        attempt.success = resolve;
        attempt.fail = (info) => reject(new Error(`verify failed: ${info?.message ?? info}`));
        attempt.error = reject;
        attempt.authenticate(request, {});
      });
    await viaStrategy();
    const check = primitive(alg, token, verifyKey);
    if (!check()) throw new Error(`primitive check failed for ${alg}`);
    const strategyOps = await timeIt(viaStrategy);
    const primitiveOps = await timeIt(check);
    results.push({ alg, strategyOpsPerSec: Math.round(strategyOps), primitiveOpsPerSec: Math.round(primitiveOps), ratio: Math.round((strategyOps / primitiveOps) * 100) / 100 });
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await verifyMicroBenchmark());
}
