import {
  flagChanges,
  flippedDecisions,
  identityMatching,
  matchClusters,
  passRateChanges,
  type ClusterMatch,
  type DecisionFlip,
  type PassRateChange,
  type SegmentFlag,
} from '../analysis/index.js';
import type { Proportion } from '../domain/analysis.js';
import { InputError } from '../domain/errors.js';
import { callFigures } from '../report/ciSummary.js';
import { readAnalysis, type StoredAnalysis } from '../store/analyses.js';
import { listCalls } from '../store/calls.js';
import { loadClustering, type Clustering } from '../store/clusterings.js';
import { getDataset, listDatasets } from '../store/datasets.js';
import type { Db } from '../store/db.js';
import { getRun, listRuns, type Run, type RunStatus } from '../store/runs.js';
import { listJudgeReports } from '../store/verdicts.js';

/** Run history (issue 8): `runs list` rows and `runs diff A B`. */

export interface RunRow {
  id: string;
  dataset: string;
  status: RunStatus;
  createdAt: string;
  /** Samples analysed, else samples with a call in the run. */
  samples: number;
  /** Paid lane calls (recorded lanes cost nothing) plus the judge's spend. */
  spentUsd: number;
  /** Headline figures of the reported part; null when the run was never analysed. */
  diversionRate: number | null;
  regressionRate: number | null;
  savingShare: number | null;
}

export function listRunRows(db: Db, options: { dataset?: string; limit?: number } = {}): RunRow[] {
  if (options.dataset !== undefined) getDataset(db, options.dataset);
  const names = datasetNames(db);
  return listRuns(db)
    .filter((run) => options.dataset === undefined || names.get(run.datasetId) === options.dataset)
    .slice(0, options.limit ?? Infinity)
    .map((run) => runRow(db, run, names.get(run.datasetId) ?? '?'));
}

function runRow(db: Db, run: Run, dataset: string): RunRow {
  const stored = readAnalysis(db, run.id);
  const calls = listCalls(db, run.id);
  const headline = stored ? reportedHeadline(stored) : undefined;
  return {
    id: run.id,
    dataset,
    status: run.status,
    createdAt: run.createdAt,
    samples: stored?.context.samples ?? new Set(calls.map((c) => c.sampleId)).size,
    spentUsd: callFigures(calls).spentUsd + judgeSpend(db, run.id),
    diversionRate: headline?.diversion.rate ?? null,
    regressionRate: headline?.regression.rate ?? null,
    savingShare: headline?.cost.savingShare ?? null,
  };
}

export type MatchQuality = 'identical' | 'good' | 'fair' | 'poor' | 'none';

export interface RunsDiff {
  a: RunRow;
  b: RunRow;
  matching: {
    method: 'same_clustering' | 'centroid_similarity' | 'not_comparable';
    quality: MatchQuality;
    pairs: ClusterMatch[];
    unmatchedA: number[];
    unmatchedB: number[];
    meanSimilarity: number | null;
    minSimilarity: number | null;
    note: string;
  };
  flips: (DecisionFlip & { labels: string[] })[];
  flipShare: number;
  flipTrafficShare: number;
  /** Per non-reference lane of B: pass-rate change per matched cluster, significant first. */
  passRates: { lane: string; changes: PassRateChange[] }[];
  flags: { appeared: SegmentFlag[]; cleared: SegmentFlag[] };
  spend: { a: number; b: number; change: number };
  costPerRequestUsd: { a: number | null; b: number | null };
  diversion: { a: Proportion; b: Proportion };
  regression: { a: Proportion; b: Proportion };
  p95LatencyMs: { lane: string; a: number | null; b: number | null }[];
}

/** Similarity thresholds for calling a centroid matching good or fair (cosine). */
const GOOD = 0.9;
const FAIR = 0.75;

export function diffRuns(db: Db, idA: string, idB: string): RunsDiff {
  const names = datasetNames(db);
  const [runA, runB] = [getRun(db, idA), getRun(db, idB)];
  const [sa, sb] = [analysed(db, runA), analysed(db, runB)];
  const matching = matchRuns(loadClustering(db, sa.context.clusteringId), loadClustering(db, sb.context.clusteringId));
  const flips = flippedDecisions(sa.analysis.decisions, sb.analysis.decisions, matching.pairs);
  const labelsB = sb.context.clusterLabels;
  const lanes = sb.context.lanes.filter((l) => !l.isReference).map((l) => l.name);
  const ha = reportedHeadline(sa);
  const hb = reportedHeadline(sb);
  const [rowA, rowB] = [runRow(db, runA, names.get(runA.datasetId) ?? '?'), runRow(db, runB, names.get(runB.datasetId) ?? '?')];
  const latencyLanes = [...new Set([...ha.latency.lanes, ...hb.latency.lanes].map((l) => l.lane))].sort();
  return {
    a: rowA,
    b: rowB,
    matching,
    flips: flips.flips.map((f) => ({ ...f, labels: labelsB[f.b] ?? [] })),
    flipShare: flips.flipShare,
    flipTrafficShare: flips.flipTrafficShare,
    passRates: lanes.map((lane) => ({
      lane,
      changes: passRateChanges(sa.analysis.stats, sb.analysis.stats, matching.pairs, lane).sort(
        (x, y) => Number(y.significant) - Number(x.significant) || x.q - y.q || x.a - y.a,
      ),
    })),
    // The flags the report lists: found under the cluster decisions, before overrides fix any.
    flags: flagChanges(sa.analysis.segments.beforeOverrides.flags, sb.analysis.segments.beforeOverrides.flags),
    spend: { a: rowA.spentUsd, b: rowB.spentUsd, change: rowB.spentUsd - rowA.spentUsd },
    costPerRequestUsd: { a: ha.cost.routedPerRequestUsd, b: hb.cost.routedPerRequestUsd },
    diversion: { a: ha.diversion, b: hb.diversion },
    regression: { a: ha.regression, b: hb.regression },
    p95LatencyMs: latencyLanes.map((lane) => ({
      lane,
      a: ha.latency.lanes.find((l) => l.lane === lane)?.p95Ms ?? null,
      b: hb.latency.lanes.find((l) => l.lane === lane)?.p95Ms ?? null,
    })),
  };
}

function matchRuns(a: Clustering, b: Clustering): RunsDiff['matching'] {
  if (a.id === b.id) {
    const pairs = identityMatching(Array.from({ length: a.k }, (_, c) => c));
    return { method: 'same_clustering', quality: 'identical', pairs, unmatchedA: [], unmatchedB: [], meanSimilarity: 1, minSimilarity: 1, note: 'both runs use the same clustering' };
  }
  if (a.dims !== b.dims) {
    return {
      method: 'not_comparable',
      quality: 'none',
      pairs: [],
      unmatchedA: Array.from({ length: a.k }, (_, c) => c),
      unmatchedB: Array.from({ length: b.k }, (_, c) => c),
      meanSimilarity: null,
      minSimilarity: null,
      note: `the runs' embedders differ (${a.dims} vs ${b.dims} dimensions): clusters cannot be matched, only run-level figures compare`,
    };
  }
  const centroids = (c: Clustering) =>
    Array.from({ length: c.k }, (_, i) => ({ cluster: i, centroid: Array.from(c.centroids.subarray(i * c.dims, (i + 1) * c.dims)) }));
  const m = matchClusters(centroids(a), centroids(b));
  const quality: MatchQuality = m.meanSimilarity === null ? 'none' : m.meanSimilarity >= GOOD && (m.minSimilarity ?? 0) >= FAIR ? 'good' : m.meanSimilarity >= FAIR ? 'fair' : 'poor';
  const weak = m.pairs.filter((p) => p.similarity < FAIR).map((p) => `${p.a}->${p.b}`);
  const note =
    `clusterings differ (${a.k} vs ${b.k} clusters): matched ${m.pairs.length} pairs by centroid cosine similarity, ` +
    `mean ${m.meanSimilarity?.toFixed(3) ?? 'n/a'}, min ${m.minSimilarity?.toFixed(3) ?? 'n/a'} (${quality})` +
    (m.unmatchedA.length ? `; unmatched in A: ${m.unmatchedA.join(', ')}` : '') +
    (m.unmatchedB.length ? `; unmatched in B: ${m.unmatchedB.join(', ')}` : '') +
    (weak.length ? `; weak pairs (treat their comparisons with care): ${weak.join(', ')}` : '');
  return { method: 'centroid_similarity', quality, ...m, note };
}

function analysed(db: Db, run: Run): StoredAnalysis {
  const stored = readAnalysis(db, run.id);
  if (!stored) throw new InputError(`run ${run.id} has no analysis; analyse it first (router-eval analyse --run ${run.id})`);
  return stored;
}

function reportedHeadline(stored: StoredAnalysis) {
  return stored.analysis.headline.holdout ?? stored.analysis.headline.inSample;
}

function judgeSpend(db: Db, runId: string): number {
  return listJudgeReports(db, runId).reduce((sum, r) => sum + r.spentUsd, 0);
}

function datasetNames(db: Db): Map<number, string> {
  return new Map(listDatasets(db).map((d) => [d.id, d.name]));
}
