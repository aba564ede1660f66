// In-process micro-benchmark: Gatehouse's whole verify path (the compiled AccessTokenVerifier: extraction, header
// rules, jsonwebtoken with a prepared KeyObject, claim checks, revocation lookup) against the bare node:crypto primitive
// that checks the same signatures. Every token is distinct, so the strategy's verified-token cache never answers;
// the ratio is the cost of everything around the signature check. The cached path (one token sent again and again,
// as a client does) is reported beside it.
import { createHmac, createSecretKey, generateKeyPairSync, randomBytes, randomUUID, timingSafeEqual, verify as cryptoVerify } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const jsonwebtoken = require('jsonwebtoken');
require('reflect-metadata');
const { JwtService } = require('@nestjs/jwt');
const { AccessTokenVerifier } = require('../dist/src/tokens/access-token-verifier.js');
const { AccessTokenEnvelopeService } = require('../dist/src/tokens/access-token-envelope.service.js');
const { CookieCredentialsService } = require('../dist/src/tokens/cookie-credentials.service.js');

const N = Number(process.env.BENCH_MICRO_N || 3000);
const jwtConfig = { algorithm: 'ES256', issuer: 'gatehouse', audience: 'gatehouse-api', clockToleranceSeconds: 5, accessTtlSeconds: 900 };

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
  if (alg === 'HS256') return timingSafeEqual(createHmac('sha256', verifyKey).update(input).digest(), signature);
  if (alg === 'ES256') return cryptoVerify('sha256', input, { key: verifyKey, dsaEncoding: 'ieee-p1363' }, signature);
  return cryptoVerify('sha256', input, verifyKey, signature);
}

/** Operations per second of fn over every item once (after a warm-up over the first tenth, not timed). */
async function timeOver(items, fn) {
  const warm = Math.ceil(items.length / 10);
  for (let i = 0; i < warm; i++) await fn(items[i]);
  const start = process.hrtime.bigint();
  for (let i = warm; i < items.length; i++) await fn(items[i]);
  return (items.length - warm) / (Number(process.hrtime.bigint() - start) / 1e9);
}

export async function verifyMicroBenchmark() {
  const results = [];
  for (const alg of ['HS256', 'ES256', 'RS256']) {
    const { signKey, verifyKey } = keysFor(alg);
    const kid = 'bench-kid';
    const keys = { algorithm: alg, verificationKey: (k) => (k === kid ? { alg, verifyKey } : undefined) };
    const revocations = { isRevoked: () => false };
    const settings = { jwt: { ...jwtConfig, algorithm: alg }, security: { cookies: false }, env: 'production' };
    const config = { getOrThrow: (key) => settings[key] };
    const verifier = new AccessTokenVerifier(
      keys,
      new AccessTokenEnvelopeService(config),
      new JwtService({}),
      new CookieCredentialsService(config),
      revocations,
      config,
    );
    const sign = () =>
      jsonwebtoken.sign({ sid: randomUUID(), roles: ['user'] }, signKey, {
        algorithm: alg,
        header: { alg, typ: 'at+jwt', kid },
        issuer: 'gatehouse',
        audience: 'gatehouse-api',
        subject: randomUUID(),
        jwtid: randomUUID(),
        expiresIn: 900,
      });
    const tokens = Array.from({ length: N }, sign);
    const viaStrategy = async (token) => {
      const user = await verifier.authenticate({ method: 'GET', headers: { authorization: `Bearer ${token}` } });
      if (!user) throw new Error('verify failed');
    };
    if (!primitive(alg, tokens[0], verifyKey)) throw new Error(`primitive check failed for ${alg}`);
    const primitiveOps = await timeOver(tokens, async (token) => primitive(alg, token, verifyKey));
    const strategyOps = await timeOver(tokens, viaStrategy);
    const cachedOps = await timeOver(Array(N).fill(tokens[0]), viaStrategy);
    results.push({
      alg,
      strategyOpsPerSec: Math.round(strategyOps),
      primitiveOpsPerSec: Math.round(primitiveOps),
      ratio: Math.round((strategyOps / primitiveOps) * 100) / 100,
      cachedOpsPerSec: Math.round(cachedOps),
    });
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await verifyMicroBenchmark());
}
