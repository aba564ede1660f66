// Re-renders BENCHMARKS.md and BENCHMARKS.svg from bench/results.json, without measuring again.
import { readFileSync, writeFileSync } from 'node:fs';
import { renderChart } from './chart.mjs';
import { renderMarkdown } from './report.mjs';

const results = JSON.parse(readFileSync('bench/results.json', 'utf8'));
writeFileSync('BENCHMARKS.md', renderMarkdown(results));
writeFileSync('BENCHMARKS.svg', await renderChart(results));
