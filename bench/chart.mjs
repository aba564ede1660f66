// The chart of BENCHMARKS.md: each ratio target as a bar (green met, red missed) with its bound as a black tick,
// rendered to SVG in Node by vega-lite and vega (no browser).
import { parse, View } from 'vega';
import { compile } from 'vega-lite';
import { memoryTargets, ratioTargets } from './targets.mjs';

export async function renderChart(results) {
  const rows = [
    ...ratioTargets(results).map((t) => ({ scenario: t.name, value: t.ratio, target: t.target, status: t.met ? 'met' : 'missed' })),
    // Memory as headroom (limit / measured): at least 1 when within the limit.
    ...memoryTargets(results).map((t) => ({
      scenario: `${t.name}: ${t.mib} MiB (limit / measured)`,
      value: Math.round((t.limit / t.mib) * 100) / 100,
      target: 1,
      status: t.met ? 'met' : 'missed',
    })),
  ];
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: `Gatehouse: measured ratios against the targets (${results.date.slice(0, 10)})`, anchor: 'start' },
    width: 420,
    data: { values: rows },
    encoding: { y: { field: 'scenario', type: 'nominal', sort: null, title: null, axis: { labelLimit: 520 } } },
    layer: [
      {
        mark: { type: 'bar', height: 14 },
        encoding: {
          x: { field: 'value', type: 'quantitative', title: 'ratio (higher is better)' },
          color: { field: 'status', type: 'nominal', scale: { domain: ['met', 'missed'], range: ['#2e7d32', '#c62828'] }, title: 'target' },
        },
      },
      { mark: { type: 'tick', color: 'black', thickness: 2, height: 20 }, encoding: { x: { field: 'target', type: 'quantitative' } } },
      { mark: { type: 'text', align: 'left', dx: 4 }, encoding: { x: { field: 'value', type: 'quantitative' }, text: { field: 'value' } } },
    ],
  };
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  return view.toSVG();
}
