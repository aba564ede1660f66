// Renders bench/results.json as BENCHMARKS.md: the tables, the ratios and each target, met or missed.
import { memoryTargets, ratioTargets } from './targets.mjs';

const ratio = (a, b) => (a && b ? Math.round((a / b) * 100) / 100 : 0);
const mark = (ok) => (ok ? 'met' : '**missed**');
const cpu = (m) => (m.cpuUsPerRequest === undefined ? '' : m.cpuUsPerRequest);

export function renderMarkdown(r) {
  const { routes: x, g, revocation, micro, machine, settings, manyUsers } = r;
  const rows = [
    ['(a) bare node:http, small JSON', x.a_bare],
    ['(b) GET /.well-known/jwks.json (public, in memory)', x.b_jwks],
    ['(c) GET /auth/verify (valid ES256 token, one client)', x.c_verify],
    ['(d) GET /auth/me (token + one user row, one client)', x.d_me],
    ['(e) GET /articles (public, 20 rows page)', x.e_articles],
    ['(f) POST /auth/login (argon2id, 4 connections)', x.f_login],
  ];
  const es = manyUsers.algorithms.find((a) => a.alg === 'ES256');
  const cOverB = ratio(x.c_verify.rps, x.b_jwks.rps);
  const dOverB = ratio(x.d_me.rps, x.b_jwks.rps);
  const revRatio = ratio(revocation[100000].rps, revocation[0].rps);
  const targets = ratioTargets(r);
  const memory = memoryTargets(r);
  const me = manyUsers.me;
  const lines = [
    '# Benchmarks',
    '',
    `Produced by \`npm run bench\` on ${r.date.slice(0, 10)} (${r.durationSeconds} s). Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, Linux ${machine.kernel}.`,
    `Each route: ${settings.rounds} interleaved rounds of ${settings.seconds} s after a 1 s warm-up, median reported; autocannon for the one-client routes, wrk (\`.ci/install-wrk.sh\`) where every request carries another user's token.`,
    'Gatehouse runs from `dist/` with NODE_ENV=production, SQLite, LOG_LEVEL=warn. Absolute numbers on a shared 2-core machine are noise; the ratios measured side by side are the result.',
    "`server CPU µs/req` is the Gatehouse process's own CPU time (user + system, from /proc) divided by the requests answered: a cost the neighbours' load disturbs much less than req/s.",
    '',
    '![Measured ratios against their targets](BENCHMARKS.svg)',
    '',
    '## Targets',
    '',
    '| target | measured | bound | status |',
    '|---|---:|---:|---|',
    ...targets.map((t) => `| ${t.name} | ${t.ratio} | >= ${t.target} | ${mark(t.met)} |`),
    ...memory.map((t) => `| ${t.name} | ${t.mib} MiB | <= ${t.limit} MiB | ${mark(t.met)} |`),
    ...r.features.map((f) => `| ${f.name} | ${f.ratio ?? ''} | ${f.target} | ${f.status ?? mark(f.met)} |`),
    `| (c) one client's token >= 0.85 x (b) | ${cOverB} | >= 0.85 | ${mark(cOverB >= 0.85)} |`,
    `| (d) >= 0.5 x (b) | ${dOverB} | >= 0.5 | ${mark(dOverB >= 0.5)} |`,
    `| (g) p99 <= 3 x p99 of (c) alone, or below one login | ${g.p99WithLogins} ms vs ${g.p99Alone} ms alone, login p50 ${x.f_login.p50} ms | | ${mark(g.p99WithLogins <= 3 * Math.max(g.p99Alone, 1) || g.p99WithLogins < x.f_login.p50)} |`,
    `| ES256 token <= 512 bytes | ${es?.tokenBytes ?? '?'} bytes | <= 512 | ${mark((es?.tokenBytes ?? 9999) <= 512)} |`,
    `| verify cost flat from 0 to 100,000 revoked | ratio ${revRatio} | >= 0.85 | ${mark(revRatio >= 0.85)} |`,
    '',
    `## Many users: ${manyUsers.users} distinct tokens, each of its own session`,
    '',
    `${manyUsers.users} users' sessions were created through the app's own services (\`bench/mint-sessions.mjs\`: UsersService with one precomputed password hash, SessionsService.create, the expiry recorded on the session, AccessTokenService signing; no fsync per commit; ${manyUsers.mintSeconds.create} s), copied for each algorithm and signed with that algorithm's key (${Object.entries(
      manyUsers.mintSeconds.sign,
    )
      .map(([alg, s]) => `${alg} ${s} s`)
      .join(
        ', ',
      )}). wrk sends each request with the next token, every thread from its own offset, and the verified-token cache, which lets a token in on its second sighting among the last few thousand, does not answer: every request pays a signature check. \`one token\` is a single client's token sent again and again (a cache hit). \`bare\` is node:crypto's verify of the same tokens on one thread (per CPU-second), measured between the rounds; the ceiling is \`1 / (1/public + 1/bare)\`.`,
    '',
    '| alg | public route req/s | one token req/s | distinct tokens req/s | distinct / public | bare verify/s | ceiling req/s | distinct / ceiling | server CPU µs/req public / one / distinct | token bytes |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|---:|',
    ...manyUsers.algorithms.map(
      (a) =>
        `| ${a.alg} | ${a.public.rps} | ${a.oneToken.rps} | ${a.distinct.rps} | ${ratio(a.distinct.rps, a.public.rps)} | ${a.bareVerifyPerSec} | ${a.ceiling} | ${ratio(a.distinct.rps, a.ceiling)} | ${cpu(a.public)} / ${cpu(a.oneToken)} / ${cpu(a.distinct)} | ${a.tokenBytes} |`,
    ),
    '',
    me
      ? `/auth/me with ${me.sessions} distinct live sessions (${me.alg}): ${me.me.rps} req/s against ${me.public.rps} for the public route in the same rounds (${ratio(me.me.rps, me.public.rps)}); server CPU ${cpu(me.me)} µs/req against ${cpu(me.public)}; p99 ${me.me.p99} ms.`
      : '',
    '',
    '## One client: routes of one instance',
    '',
    '| route | req/s (median) | p50 ms | p99 ms | vs (a) | vs (b) | server CPU µs/req | runs req/s |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
    ...rows.map(
      ([name, m]) =>
        `| ${name} | ${m.rps} | ${m.p50} | ${m.p99} | ${ratio(m.rps, x.a_bare.rps)} | ${ratio(m.rps, x.b_jwks.rps)} | ${cpu(m)} | ${m.runs.join(', ')} |`,
    ),
    '',
    `(g) p99 of /auth/verify (8 connections) while logins run beside it (8 connections, the login storm): **${g.p99WithLogins} ms**, alone: ${g.p99Alone} ms; one login takes about ${x.f_login.p50} ms (p50 under load).`,
    '',
    '## Memory',
    '',
    `Idle, 2 s after start: **${r.idleRssMiB} MiB** RSS. Peak RSS of the instance that served (a)-(g), login storm included: **${r.peakRssMiB} MiB**. Peak over every Gatehouse process of the bench (many-users instances included): **${r.peakRssAllMiB} MiB**. Where it goes and what each change saved: [docs/performance.md](docs/performance.md).`,
    '',
    '| instance | peak RSS MiB |',
    '|---|---:|',
    ...r.peakRssByInstance.map((p) => `| ${p.label} | ${p.peakRssMiB} |`),
    '',
    '## Revocation store size',
    '',
    `(c) with 0 revoked sessions: ${revocation[0].rps} req/s; with 100,000: ${revocation[100000].rps} req/s (ratio ${revRatio}).`,
    '',
    '## Verify path in-process vs the bare node:crypto primitive',
    '',
    'Distinct tokens (no cache hit), operations per CPU-second, medians of interleaved rounds: the whole path (extraction, header rules, key lookup, signature, claims, revocation) against the bare signature check, and against the floor the issue sets, bare verify plus `JSON.parse` of the payload. jsonwebtoken (what the path used before, through @nestjs/jwt) on the same tokens, and one token sent again and again (answered by the verified-token cache; revocation still checked).',
    '',
    '| alg | whole path ops/s | bare verify ops/s | bare + JSON.parse ops/s | path cost / floor cost | path / bare | jsonwebtoken.verify ops/s | repeated token ops/s |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...micro.map(
      (m) =>
        `| ${m.alg} | ${m.strategyOpsPerSec} | ${m.primitiveOpsPerSec} | ${m.floorOpsPerSec} | ${m.costOverFloor} | ${m.ratio} | ${m.jsonwebtokenOpsPerSec ?? 'no EdDSA'} | ${m.cachedOpsPerSec} |`,
    ),
    '',
  ];
  return lines.join('\n');
}
