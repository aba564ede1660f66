// The performance targets of issue 18, computed from bench/results.json: one list that both BENCHMARKS.md and the
// chart read, so a scenario that misses its target is marked so in both.
const round2 = (x) => Math.round(x * 100) / 100;
const ratio = (a, b) => (a && b ? round2(a / b) : 0);

/** Each target: what is compared, the measured ratio, the bound, and whether it is met (higher is better). */
export function ratioTargets(r) {
  const rows = [];
  for (const a of r.manyUsers.algorithms) {
    if (a.alg === 'HS256') {
      rows.push({ name: `${a.alg}, ${a.tokens} users: /auth/verify vs public route`, ratio: ratio(a.distinct.rps, a.public.rps), target: 0.8 });
    } else {
      rows.push({ name: `${a.alg}, ${a.tokens} users: /auth/verify vs crypto-bound ceiling`, ratio: ratio(a.distinct.rps, a.ceiling), target: 0.9 });
    }
  }
  const me = r.manyUsers.me;
  if (me) rows.push({ name: `/auth/me, ${me.sessions} sessions, vs public route`, ratio: ratio(me.me.rps, me.public.rps), target: 0.5 });
  for (const m of r.micro) {
    // Cost at most 1.3x (bare verify + JSON.parse): as a ratio of rates, at least 1/1.3.
    rows.push({
      name: `in-process ${m.alg}: bare verify + JSON.parse vs whole path (cost ${m.costOverFloor}x)`,
      ratio: round2(m.strategyOpsPerSec / m.floorOpsPerSec),
      target: round2(1 / 1.3),
    });
  }
  return rows.map((row) => ({ ...row, met: row.ratio >= row.target }));
}

/** The memory targets, in MiB (lower is better). */
export function memoryTargets(r) {
  return [
    { name: 'peak RSS through the whole bench (every Gatehouse process, login storm included)', mib: r.peakRssAllMiB, limit: 150 },
    { name: 'idle RSS (2 s after start)', mib: r.idleRssMiB, limit: 120 },
  ].map((row) => ({ ...row, met: row.mib <= row.limit }));
}
