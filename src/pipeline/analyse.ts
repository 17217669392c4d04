import { analyzeRun } from '../analysis/index.js';
import type { Config } from '../config/schema.js';
import type { JudgedSample, LaneInfo, LaneOutcome, Verdict } from '../domain/analysis.js';
import { InputError } from '../domain/errors.js';
import { requestText, type LabelValue } from '../domain/sample.js';
import { resolvePricing } from '../providers/pricing.js';
import { writeAnalysis, type AnalysisContext, type StoredAnalysis } from '../store/analyses.js';
import { listCalls, type StoredCall } from '../store/calls.js';
import { loadClustering, readAssignments } from '../store/clusterings.js';
import type { Db } from '../store/db.js';
import { getRun, type Run } from '../store/runs.js';
import { readSamples } from '../store/samples.js';
import { listRunVerdicts } from '../store/verdicts.js';
import { RunConfigSchema } from './runConfig.js';

export interface AnalyseRequest {
  runId: string;
  /** Supplies `routing`, `segments` and `holdout`; the lanes come from the run's own frozen config. */
  config: Pick<Config, 'routing' | 'segments' | 'holdout'>;
  /** Holdout fraction; overrides config.holdout.fraction. */
  holdout?: number;
}

/**
 * The analysis stage: assembles every judged sample of a stored run (cluster, each lane's
 * call, verdicts, the single judge, recorded labels as quality), runs the pure analysis
 * and stores the result, replacing an earlier analysis of the run.
 */
export function analyseRun(db: Db, request: AnalyseRequest): StoredAnalysis {
  const run = getRun(db, request.runId);
  if (run.clusteringId === undefined) throw new InputError(`run ${run.id} has no clustering; finish it with "router-eval replay --resume ${run.id}"`);
  const verdictRows = listRunVerdicts(db, run.id);
  if (!verdictRows.some((row) => row.role === 'verdict')) {
    throw new InputError(`run ${run.id} has no verdicts; run "router-eval judge --run ${run.id}" first`);
  }
  const calls = listCalls(db, run.id);
  const lanes = laneInfo(run, calls);
  const clustering = loadClustering(db, run.clusteringId);
  const assembled = judgedSamples(db, run, clustering.id, lanes, calls, verdictRows);
  if (assembled.samples.length === 0) throw new InputError(`run ${run.id}: no sample has both a cluster and a call or verdict`);

  const { routing, segments } = request.config;
  const fraction = request.holdout ?? request.config.holdout.fraction;
  const holdout = fraction === undefined ? null : { fraction, seed: request.config.holdout.seed };
  const analysis = analyzeRun({
    samples: assembled.samples,
    lanes,
    geometry: clustering.radii.map((radius, cluster) => ({ cluster, radius })),
    routing,
    segments,
    holdout: holdout ?? undefined,
    fallbackConfidence: routing.fallbackConfidence,
  });
  const context: AnalysisContext = {
    clusteringId: clustering.id,
    samples: assembled.samples.length,
    excluded: assembled.excluded,
    lanes: lanes.map((l) => ({ ...l })),
    routing,
    segments,
    holdout,
    clusterLabels: clustering.labels,
  };
  return writeAnalysis(db, run.id, { context, analysis });
}

type RunLane = AnalysisContext['lanes'][number];

/**
 * The run's lanes with the reference marked and a cost rank: by mean observed cost per
 * call when every lane has priced calls, else by list price (input + output per MTok),
 * else all equal. Ties put the reference last (it is the one the others try to replace).
 */
function laneInfo(run: Run, calls: readonly StoredCall[]): RunLane[] {
  const config = RunConfigSchema.parse(run.config);
  const strong = config.replay?.strongLane ?? 'strong';
  const entries = Object.entries(config.lanes ?? {});
  if (!entries.some(([name]) => name === strong)) {
    throw new InputError(`run ${run.id}: its config has no strong lane "${strong}" (lanes: ${entries.map(([n]) => n).join(', ') || 'none'})`);
  }
  const observed = new Map<string, number | null>(
    entries.map(([name]) => {
      const costs = calls.filter((c) => c.lane === name && c.status === 'ok' && c.costUsd !== undefined).map((c) => c.costUsd!);
      return [name, costs.length ? costs.reduce((a, b) => a + b, 0) / costs.length : null];
    }),
  );
  const listPrice = (lane: (typeof entries)[number][1]): number | null => {
    const p = resolvePricing(lane.model, lane.pricing);
    return p ? p.inputPerMTok + p.outputPerMTok : null;
  };
  const byObserved = entries.every(([name]) => (observed.get(name) ?? 0) > 0);
  const byPrice = !byObserved && entries.every(([, lane]) => listPrice(lane) !== null);
  const key = (name: string, lane: (typeof entries)[number][1]): number =>
    byObserved ? observed.get(name)! : byPrice ? listPrice(lane)! : 0;
  const ordered = entries
    .map(([name, lane], index) => ({ name, lane, index, cost: key(name, lane), isReference: name === strong }))
    .sort((a, b) => a.cost - b.cost || Number(a.isReference) - Number(b.isReference) || a.index - b.index);
  return ordered.map((l, costRank) => ({
    name: l.name,
    provider: l.lane.provider,
    model: l.lane.model,
    costRank,
    isReference: l.isReference,
    meanCostUsd: observed.get(l.name) ?? null,
  }));
}

function judgedSamples(
  db: Db,
  run: Run,
  clusteringId: number,
  lanes: readonly LaneInfo[],
  calls: readonly StoredCall[],
  verdictRows: ReturnType<typeof listRunVerdicts>,
): { samples: JudgedSample[]; excluded: AnalysisContext['excluded'] } {
  const assignments = readAssignments(db, clusteringId);
  const laneNames = new Set(lanes.map((l) => l.name));
  // The single judge reads the cheapest compared lane's answer (the cascade's first call).
  const cheapest = lanes.find((l) => !l.isReference)?.name;
  const callsBySample = groupBy(calls.filter((c) => laneNames.has(c.lane)), (c) => c.sampleId);
  const verdictsBySample = groupBy(verdictRows, (v) => v.sampleId);
  const excluded = { unassigned: 0, notInRun: 0 };
  const samples: JudgedSample[] = [];
  for (const sample of readSamples(db, run.datasetId)) {
    const sampleCalls = callsBySample.get(sample.id) ?? [];
    const sampleVerdicts = verdictsBySample.get(sample.id) ?? [];
    if (sampleCalls.length === 0 && sampleVerdicts.length === 0) {
      excluded.notInRun++;
      continue;
    }
    const assignment = assignments.get(sample.id);
    if (!assignment) {
      excluded.unassigned++;
      continue;
    }
    const laneOutcomes: Record<string, LaneOutcome> = {};
    for (const call of sampleCalls) {
      const quality = qualityOf(sample.labels[call.lane]);
      laneOutcomes[call.lane] = {
        costUsd: call.costUsd ?? 0,
        latencyMs: call.latencyMs ?? 0,
        ok: call.status === 'ok',
        ...(quality === undefined ? {} : { quality }),
      };
    }
    const verdicts: Record<string, Verdict | undefined> = {};
    let single: JudgedSample['single'];
    for (const row of sampleVerdicts) {
      if (row.outcome.status !== 'ok') continue;
      if (row.role === 'verdict') verdicts[row.lane] = row.outcome.verdict;
      else if (row.lane === cheapest && row.outcome.acceptable !== undefined) {
        single = { acceptable: row.outcome.acceptable, confidence: row.outcome.confidence ?? 1 };
      }
    }
    samples.push({
      sampleId: sample.id,
      cluster: assignment.cluster,
      distance: assignment.distance,
      ...(sample.tag === undefined ? {} : { tag: sample.tag }),
      segments: sample.segments,
      ...(sample.timestamp === undefined ? {} : { timestamp: sample.timestamp }),
      inputChars: requestText(sample).length,
      lanes: laneOutcomes,
      verdicts,
      ...(single ? { single } : {}),
    });
  }
  return { samples, excluded };
}

/** A recorded label as a quality figure: booleans as 1/0, scores as they are. */
function qualityOf(label: LabelValue | undefined): number | undefined {
  if (label === undefined) return undefined;
  return typeof label === 'boolean' ? (label ? 1 : 0) : label;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
