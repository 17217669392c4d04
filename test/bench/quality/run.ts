import type { PatternName } from '../../../src/analysis/index.js';
import { ConfigSchema, type Config } from '../../../src/config/schema.js';
import { analyseRun } from '../../../src/pipeline/analyse.js';
import { replay } from '../../../src/pipeline/replay.js';
import { readAnalysis, type StoredAnalysis } from '../../../src/store/analyses.js';
import type { Db } from '../../../src/store/db.js';
import { CHEAP_COLUMN, STRONG_COLUMN } from './benchmarks.js';

/** One bench configuration: what the embedder, the clustering and the decision policy may vary. */
export interface Setting {
  dimensions: number;
  k: number | 'auto';
  minSamples: number;
}

export const HOLDOUT = 0.5;
const SEED = 1;
// Per-MTok list prices (only the ratio matters here: which lane is the cheap one).
const PRICES = { cheap: { inputPerMTok: 0.6, outputPerMTok: 0.6 }, strong: { inputPerMTok: 10, outputPerMTok: 30 } };

export function benchConfig(dataset: string, setting: Setting): Config {
  return ConfigSchema.parse({
    dataset,
    lanes: {
      cheap: { provider: 'recorded', model: CHEAP_COLUMN, concurrency: 64, pricing: PRICES.cheap },
      strong: { provider: 'recorded', model: STRONG_COLUMN, concurrency: 64, pricing: PRICES.strong },
    },
    replay: { strongLane: 'strong' },
    embedding: { provider: 'local', dimensions: setting.dimensions },
    clustering: { k: setting.k, seed: SEED },
    judge: { type: 'labels' },
    routing: { minSamples: setting.minSamples },
    holdout: { fraction: HOLDOUT, seed: SEED },
  });
}

/** Replays a dataset under a setting (recorded lanes, labels judge, 50% holdout) and returns the stored analysis. */
export async function replayAndAnalyse(db: Db, dataset: string, setting: Setting, baseDir: string): Promise<{ runId: string; analysis: StoredAnalysis }> {
  const config = benchConfig(dataset, setting);
  const t0 = performance.now();
  const log = process.env.BENCH_QUALITY_LOG ? (line: string) => console.error(`  [${((performance.now() - t0) / 1000).toFixed(1)} s] ${line}`) : undefined;
  const result = await replay(db, { loaded: { config, baseDir }, dataset, holdout: HOLDOUT, newRun: true, log });
  if (result.kind !== 'run' || !result.analysed) {
    throw new Error(`replay of ${dataset} did not finish: ${result.kind === 'run' ? (result.reason ?? result.status) : result.kind}`);
  }
  return { runId: result.runId, analysis: readAnalysis(db, result.runId)! };
}

/** The same run analysed under another minSamples, pass threshold or holdout seed: no new clustering or calls needed. */
export function reanalyse(
  db: Db,
  runId: string,
  config: Config,
  change: { minSamples?: number; seed?: number; passThreshold?: number } = {},
): StoredAnalysis {
  const routing = {
    ...config.routing,
    minSamples: change.minSamples ?? config.routing.minSamples,
    passThreshold: change.passThreshold ?? config.routing.passThreshold,
  };
  const holdout = { ...config.holdout, seed: change.seed ?? config.holdout.seed };
  return analyseRun(db, { runId, config: { routing, segments: config.segments, holdout }, holdout: HOLDOUT });
}

export const SEEDS = [1, 2, 3, 4, 5];

/** APGR of some patterns over several holdout seeds (the split moves these figures by a few points). */
export function apgrOverSeeds(db: Db, runId: string, config: Config, patterns: readonly PatternName[], minSamples?: number): Map<PatternName, number[]> {
  const out = new Map<PatternName, number[]>(patterns.map((p) => [p, []]));
  for (const seed of SEEDS) {
    const stored = reanalyse(db, runId, config, { seed, minSamples });
    for (const p of patterns) {
      const apgr = stored.analysis.patterns?.metrics.find((m) => m.pattern === p)?.metrics.apgr;
      if (apgr !== null && apgr !== undefined) out.get(p)!.push(apgr);
    }
  }
  reanalyse(db, runId, config, { minSamples }); // leave the store with the default seed's analysis
  return out;
}

export interface PatternFigures {
  pattern: PatternName;
  apgr: number | null;
  cpt50: number | null;
  cpt80: number | null;
  /** Why there is no figure (a skipped pattern). */
  missing?: string;
}

export interface TableFigures {
  passThreshold: number;
  diversion: number | null;
  regression: number | null;
  accuracy: number | null;
}

/** The routing table's headline figures on the holdout half. */
export function tableFiguresOf(stored: StoredAnalysis): TableFigures {
  const holdout = stored.analysis.headline.holdout;
  if (!holdout) throw new Error('the analysis has no holdout figures');
  return {
    passThreshold: stored.context.routing.passThreshold,
    diversion: holdout.diversion.rate,
    regression: holdout.regression.rate,
    accuracy: holdout.quality?.served.mean ?? null,
  };
}

export interface BenchFigures {
  n: number;
  fitN: number;
  cheap: number;
  strong: number;
  oracle: number;
  patterns: PatternFigures[];
  /** Clusters in the clustering and clusters the fit half could rank (judged >= minSamples). */
  clusters: number;
  eligibleClusters: number;
  /** Our routing table (passThreshold as configured) on the holdout half. */
  table: TableFigures;
}

const ORDER: readonly PatternName[] = ['length', 'tag', 'cluster', 'cascade', 'random', 'oracle'];

/** `tagged`: whether any sample has a tag (without, the tag pattern is one group). */
export function figuresOf(stored: StoredAnalysis, tagged: boolean): BenchFigures {
  const { analysis, context } = stored;
  const patterns = analysis.patterns;
  if (!patterns) throw new Error('the analysis has no pattern simulations (no lane cheaper than the reference)');
  const { result, metrics } = patterns;
  const oracle = result.curves.find((c) => c.pattern === 'oracle')?.points[0]?.quality ?? NaN;
  const rows = ORDER.map((pattern): PatternFigures => {
    const skipped = result.skipped.find((s) => s.pattern === pattern);
    if (skipped) {
      const why = pattern === 'cascade' ? `no single judge in this run (the labels judge is pairwise): ${skipped.reason}` : skipped.reason;
      return { pattern, apgr: null, cpt50: null, cpt80: null, missing: why };
    }
    const m = metrics.find((x) => x.pattern === pattern)?.metrics;
    if (!m) return { pattern, apgr: null, cpt50: null, cpt80: null, missing: 'not computed' };
    const cpt = (t: number) => m.cpt.find((c) => c.target === t)?.strongShare ?? null;
    const row: PatternFigures = { pattern, apgr: m.apgr, cpt50: cpt(0.5), cpt80: cpt(0.8) };
    if (pattern === 'tag' && !tagged) row.missing = 'no tags in this data (one group: a straight line, like random)';
    return row;
  });
  return {
    n: result.n,
    fitN: analysis.split!.fitIds.length,
    cheap: result.cheap.quality,
    strong: result.strong.quality,
    oracle,
    patterns: rows,
    clusters: analysis.decisions.clusters.length,
    eligibleClusters: analysis.stats.filter((s) => s.judged >= context.routing.minSamples).length,
    table: tableFiguresOf(stored),
  };
}
