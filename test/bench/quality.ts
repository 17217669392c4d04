/**
 * npm run bench:quality [-- --sweep] [-- --only mmlu,gsm8k,mt-bench]
 *
 * Real routing data (../shared/data/routellm: Mixtral-8x7B as the cheap lane,
 * gpt-4-1106-preview as the strong one) through the whole pipeline in-process: ingest →
 * local embedder → k-means → recorded lanes → labels judge → analysis with a 50% seeded
 * holdout. Prints, per benchmark, cheap/strong/oracle quality on the held-out half and
 * APGR, CPT(50%), CPT(80%) of every router pattern next to RouteLLM's published best,
 * plus our routing table's headline figures. The cluster router is fitted on the other
 * half. --sweep also varies embedding dimensions, k and minSamples (one line each).
 * Store and run outputs: runs/bench/quality/, recreated each run. Skips without the data.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { getDataset } from '../../src/store/datasets.js';
import { openStore, type Db } from '../../src/store/db.js';
import { readSamples } from '../../src/store/samples.js';
import { projectRoot } from '../helpers/cli.js';
import { NO_SHARED_DATA, routellmDir } from '../helpers/sharedData.js';
import { BENCHMARKS, type Benchmark } from './quality/benchmarks.js';
import { apgrOverSeeds, benchConfig, figuresOf, reanalyse, replayAndAnalyse, SEEDS, tableFiguresOf, type Setting } from './quality/run.js';
import { diagnose } from './quality/diagnose.js';
import { formatBenchmark, formatDiagnosis, formatSeeds, formatSweepRow, SWEEP_HEADER } from './quality/table.js';

const LOOSER_THRESHOLDS = [0.8, 0.7];
const args = process.argv.slice(2);
const sweep = args.includes('--sweep') || process.env.BENCH_QUALITY_SWEEP === '1';
const onlyArg = args[args.indexOf('--only') + 1];
const only = args.includes('--only') && onlyArg ? new Set(onlyArg.split(',')) : null;

const dataDir = routellmDir();
if (!dataDir) {
  console.log(`bench:quality ${NO_SHARED_DATA}`);
  process.exit(0);
}

// The store, the MT-Bench JSONL and each run's output folder (routing table) live here, recreated each time.
const workDir = join(projectRoot, 'runs', 'bench', 'quality');
rmSync(workDir, { recursive: true, force: true });
mkdirSync(workDir, { recursive: true });
const dbPath = join(workDir, 'quality.db');
const db = openStore(dbPath);

const seconds = (since: number) => (performance.now() - since) / 1000;

async function runBenchmark(bench: Benchmark): Promise<void> {
  const started = performance.now();
  const ingested = await bench.ingest(db, bench.name, dataDir!, workDir);
  const tagged = readSamples(db, getDataset(db, bench.name).id).some((s) => s.tag !== undefined);
  const setting: Setting = { dimensions: bench.dimensions, k: bench.k, minSamples: bench.minSamples };
  const { runId, analysis } = await replayAndAnalyse(db, bench.name, setting, workDir);
  const figures = figuresOf(analysis, tagged);
  const diagnosis = diagnose(db, analysis, bench.name, bench.knownGroup);
  const config = benchConfig(bench.name, setting);
  // A looser bar than the default 0.9, to show an operating point that diverts something.
  const looser = LOOSER_THRESHOLDS.map((passThreshold) => tableFiguresOf(reanalyse(db, runId, config, { passThreshold })));
  const overSeeds = apgrOverSeeds(db, runId, config, ['cluster', 'length']);
  console.log(formatBenchmark(bench, setting, figures, looser, seconds(started)));
  console.log(formatSeeds(overSeeds, SEEDS, bench.published.apgr));
  console.log(formatDiagnosis(diagnosis));
  if (bench.note) console.log(`note: ${bench.note}`);
  console.log(`(${ingested} samples ingested)\n`);
  if (sweep) await sweepBenchmark(db, bench, tagged);
}

/** Embedding dimensions x k as separate runs; minSamples re-analyses each run. */
async function sweepBenchmark(db: Db, bench: Benchmark, tagged: boolean): Promise<void> {
  const ks: (number | 'auto')[] = bench.name === 'mt-bench' ? ['auto', 4, 8] : ['auto', 10, 20, 40, 80];
  const mins = bench.name === 'mt-bench' ? [1, 3, 5] : [5, 20, 50];
  console.log(SWEEP_HEADER);
  for (const dimensions of [256, 1024]) {
    for (const k of ks) {
      const started = performance.now();
      const base: Setting = { dimensions, k, minSamples: mins[0]! };
      const { runId, analysis } = await replayAndAnalyse(db, bench.name, base, workDir);
      const config = benchConfig(bench.name, base);
      const first = apgrOverSeeds(db, runId, config, ['cluster']).get('cluster')!;
      console.log(formatSweepRow(bench, base, figuresOf(analysis, tagged), first, seconds(started)));
      for (const minSamples of mins.slice(1)) {
        const again = performance.now();
        const stored = reanalyse(db, runId, config, { minSamples });
        const seeds = apgrOverSeeds(db, runId, config, ['cluster'], minSamples).get('cluster')!;
        console.log(formatSweepRow(bench, { ...base, minSamples }, figuresOf(stored, tagged), seeds, seconds(again)));
      }
    }
  }
  console.log('');
}

try {
  const total = performance.now();
  console.log(`bench:quality on ${dataDir}: recorded lanes (cheap = Mixtral-8x7B-Instruct, strong = gpt-4-1106-preview), labels judge, holdout 0.5 (seeded random split, seed 1)\n`);
  for (const bench of BENCHMARKS) {
    if (only && !only.has(bench.name)) continue;
    await runBenchmark(bench);
  }
  console.log(`total ${seconds(total).toFixed(0)} s; store ${dbPath}`);
} finally {
  db.close();
}
