// Renders bench/results.json as BENCHMARKS.md: the table, the ratios and each target of the performance issue.
const ratio = (a, b) => (b ? Math.round((a / b) * 100) / 100 : 0);
const mark = (ok) => (ok ? 'met' : '**missed**');

export function renderMarkdown(r) {
  const { routes: x, g, algorithms, revocation, micro, machine, settings } = r;
  const rows = [
    ['(a) bare node:http, small JSON', x.a_bare],
    ['(b) GET /.well-known/jwks.json (public, in memory)', x.b_jwks],
    ['(c) GET /auth/verify (valid ES256 token)', x.c_verify],
    ['(d) GET /auth/me (token + one user row)', x.d_me],
    ['(e) GET /articles (public, 20 rows page)', x.e_articles],
    ['(f) POST /auth/login (argon2id, 4 connections)', x.f_login],
    ...(x.h_api_key ? [['(h) GET /auth/verify with X-API-Key', x.h_api_key]] : []),
  ];
  const es = algorithms.find((a) => a.alg === 'ES256');
  const cOverB = ratio(x.c_verify.rps, x.b_jwks.rps);
  const cOverA = ratio(x.c_verify.rps, x.a_bare.rps);
  const dOverB = ratio(x.d_me.rps, x.b_jwks.rps);
  const revRatio = ratio(revocation[100000].rps, revocation[0].rps);
  const lines = [
    '# Benchmarks',
    '',
    `Produced by \`npm run bench\` on ${r.date.slice(0, 10)} (${r.durationSeconds} s). Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, Linux ${machine.kernel}.`,
    `Each route: ${settings.rounds} interleaved runs of ${settings.seconds} s with autocannon (${settings.connections} connections unless noted), median reported.`,
    'Gatehouse runs from `dist/` with NODE_ENV=production, SQLite, LOG_LEVEL=warn. Absolute numbers on a shared 2-core machine are noise; the ratios measured side by side are the result.',
    '',
    '| route | req/s (median) | p50 ms | p99 ms | vs (a) | vs (b) | runs req/s |',
    '|---|---:|---:|---:|---:|---:|---|',
    ...rows.map(
      ([name, m]) =>
        `| ${name} | ${m.rps} | ${m.p50} | ${m.p99} | ${ratio(m.rps, x.a_bare.rps)} | ${ratio(m.rps, x.b_jwks.rps)} | ${m.runs.join(', ')} |`,
    ),
    '',
    `(g) p99 of /auth/verify (8 connections) while logins run beside it: **${g.p99WithLogins} ms**, alone: ${g.p99Alone} ms; one login takes about ${x.f_login.p50} ms (p50 under load).`,
    '',
    `Peak RSS of the Gatehouse process under this load: **${r.peakRssMiB} MiB**.`,
    '',
    ...(r.mfaLogin
      ? [
          `Two-step login (password, then a TOTP code; ${r.mfaLogin.concurrency} clients, ${r.mfaLogin.twoStep.n} logins): p50 **${r.mfaLogin.twoStep.p50} ms**, p99 ${r.mfaLogin.twoStep.p99} ms; password-only login measured the same way: p50 ${r.mfaLogin.password.p50} ms, p99 ${r.mfaLogin.password.p99} ms.`,
        ]
      : []),
    '',
    '## Per algorithm: (c) /auth/verify and access-token size',
    '',
    '| alg | offered | req/s (median) | p99 ms | token bytes |',
    '|---|---|---:|---:|---:|',
    ...algorithms.map((a) =>
      a.offered ? `| ${a.alg} | yes | ${a.verify.rps} | ${a.verify.p99} | ${a.tokenBytes} |` : `| ${a.alg} | no | | | ${a.note ?? ''} |`,
    ),
    '',
    '## Revocation store size',
    '',
    `(c) with 0 revoked sessions: ${revocation[0].rps} req/s; with 100,000: ${revocation[100000].rps} req/s (ratio ${revRatio}).`,
    '',
    '## Verify path in-process vs the bare node:crypto primitive',
    '',
    'Distinct tokens (no cache hit): the whole strategy against the bare signature check; then one token sent again and again, answered by the verified-token cache (revocation still checked).',
    '',
    '| alg | Gatehouse strategy ops/s | node:crypto verify ops/s | ratio | strategy, repeated token ops/s |',
    '|---|---:|---:|---:|---:|',
    ...micro.map((m) => `| ${m.alg} | ${m.strategyOpsPerSec} | ${m.primitiveOpsPerSec} | ${m.ratio} | ${m.cachedOpsPerSec} |`),
    '',
    '## Targets',
    '',
    '| target | measured | status |',
    '|---|---|---|',
    `| (c) >= 0.85 x (b) | ${cOverB} | ${mark(cOverB >= 0.85)} |`,
    `| (c) >= 0.5 x (a) | ${cOverA} | ${mark(cOverA >= 0.5)} |`,
    `| (d) >= 0.5 x (b) | ${dOverB} | ${mark(dOverB >= 0.5)} |`,
    `| (g) p99 <= 3 x p99 of (c) alone, or below one login | ${g.p99WithLogins} ms vs ${g.p99Alone} ms alone, login p50 ${x.f_login.p50} ms | ${mark(g.p99WithLogins <= 3 * Math.max(g.p99Alone, 1) || g.p99WithLogins < x.f_login.p50)} |`,
    `| peak RSS <= 150 MiB | ${r.peakRssMiB} MiB | ${mark(r.peakRssMiB <= 150)} |`,
    `| ES256 token <= 512 bytes | ${es?.tokenBytes ?? '?'} bytes | ${mark((es?.tokenBytes ?? 9999) <= 512)} |`,
    `| verify cost flat from 0 to 100,000 revoked | ratio ${revRatio} | ${mark(revRatio >= 0.85)} |`,
    '',
  ];
  return lines.join('\n');
}
