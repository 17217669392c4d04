import type { Benchmark } from './benchmarks.js';
import type { Variant } from './diagnose.js';
import type { BenchFigures, Setting, TableFigures } from './run.js';

const pct = (x: number | null) => (x === null || Number.isNaN(x) ? '—' : `${(x * 100).toFixed(1)}%`);
const num = (x: number | null) => (x === null || Number.isNaN(x) ? '—' : x.toFixed(3));
const pad = (s: string, n: number) => s.padEnd(n);
const padL = (s: string, n: number) => s.padStart(n);

export function describeSetting(s: Setting): string {
  return `local embedder ${s.dimensions} dims, k=${s.k}, minSamples=${s.minSamples}`;
}

/** The per-benchmark table: baselines, every pattern's RouteLLM metrics next to the published best, our table's headline. */
export function formatBenchmark(bench: Benchmark, setting: Setting, f: BenchFigures, extraTables: readonly TableFigures[], seconds: number): string {
  const lines: string[] = [];
  lines.push(`== ${bench.name}: ${f.n} held-out samples (fitted on ${f.fitN}); ${describeSetting(setting)}; ${f.clusters} clusters, ${f.eligibleClusters} with >= minSamples judged in the fit half  [${seconds.toFixed(0)} s]`);
  lines.push(`quality on the holdout half: cheap ${num(f.cheap)}   strong ${num(f.strong)}   oracle ${num(f.oracle)}`);
  lines.push(`${pad('pattern', 9)}${padL('APGR', 8)}${padL('CPT(50%)', 10)}${padL('CPT(80%)', 10)}   note`);
  for (const p of f.patterns) {
    if (p.apgr === null && p.missing) {
      lines.push(`${pad(p.pattern, 9)}${padL('n/a', 8)}${padL('', 10)}${padL('', 10)}   ${p.missing}`);
      continue;
    }
    let note = p.missing ?? '';
    if (p.pattern === 'cluster') {
      const beats = p.apgr !== null && p.apgr > bench.published.apgr;
      note = `${beats ? 'ABOVE' : 'below'} the published best (${num(bench.published.apgr) } by ${num(p.apgr === null ? null : p.apgr - bench.published.apgr)})`;
    }
    lines.push(`${pad(p.pattern, 9)}${padL(num(p.apgr), 8)}${padL(pct(p.cpt50), 10)}${padL(pct(p.cpt80), 10)}   ${note}`);
  }
  lines.push(`${pad('RouteLLM', 9)}${padL(num(bench.published.apgr), 8)}${padL(pct(bench.published.cpt50), 10)}${padL('', 10)}   published best router, in-distribution data (random: 0.500, CPT(50%) 50.0%)`);
  lines.push(`our routing table on the holdout half (always-cheap accuracy ${num(f.cheap)}, always-strong ${num(f.strong)}):`);
  for (const t of [f.table, ...extraTables]) {
    lines.push(`  passThreshold ${t.passThreshold.toFixed(2)}: diversion ${pct(t.diversion)}, regression ${pct(t.regression)}, accuracy ${num(t.accuracy)}`);
  }
  return lines.join('\n');
}

/** One line per setting of the sweep. */
export function formatSweepRow(bench: Benchmark, setting: Setting, f: BenchFigures, seedApgrs: readonly number[], seconds: number): string {
  const cluster = f.patterns.find((p) => p.pattern === 'cluster')!;
  const seeds = summary(seedApgrs);
  return (
    `${pad(bench.name, 9)}${padL(String(setting.dimensions), 6)}${padL(String(setting.k), 6)}${padL(String(setting.minSamples), 5)}` +
    `${padL(String(f.clusters), 7)}${padL(String(f.eligibleClusters), 8)}${padL(num(cluster.apgr), 8)}${padL(pct(cluster.cpt50), 9)}${padL(pct(cluster.cpt80), 9)}` +
    `${padL(seeds, 22)}${padL(seconds.toFixed(0), 6)}`
  );
}

export const SWEEP_HEADER =
  `${pad('bench', 9)}${padL('dims', 6)}${padL('k', 6)}${padL('min', 5)}${padL('k_fit', 7)}${padL('ranked', 8)}${padL('APGR', 8)}${padL('CPT50', 9)}${padL('CPT80', 9)}${padL('APGR seeds 1-5', 22)}${padL('s', 6)}`;

/** The cluster router's limits: the same split ranked by other statistics or groupings (computed in the bench, not by src/). */
export function formatDiagnosis(variants: readonly Variant[]): string {
  const width = Math.max(...variants.map((v) => v.name.length)) + 2;
  return ['what limits the cluster router (same split; APGR, CPT(50%)):', ...variants.map((v) => `  ${pad(v.name, width)}${padL(num(v.apgr), 7)}${padL(pct(v.cpt50), 9)}`)].join('\n');
}

/** mean (min-max) of a few figures. */
function summary(values: readonly number[]): string {
  if (values.length === 0) return '—';
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return `${num(mean)} (${num(Math.min(...values))}-${num(Math.max(...values))})`;
}

/** APGR of some patterns over several holdout seeds, next to the published figure. */
export function formatSeeds(bySeed: ReadonlyMap<string, readonly number[]>, seeds: readonly number[], published: number): string {
  const parts = [...bySeed].map(([pattern, values]) => `${pattern} ${summary(values)}`);
  return `APGR over holdout seeds ${seeds.join(',')}, mean (min-max): ${parts.join('; ')}; published best ${num(published)}`;
}
