import type { ClusterGeometry, JudgedSample, LaneInfo, RoutingPolicy } from '../domain/analysis.js';
import { InputError } from '../domain/errors.js';
import { cheapestLane, referenceLane } from './lanes.js';
import { lanePassRate } from './passRates.js';
import { decideRouting, routeSample } from './policy.js';
import { zForConfidence } from './stats.js';

/**
 * Router-pattern simulations (issue 7): what each common router design would have done
 * on the judged traffic, cheap lane (the cheapest candidate) versus the reference lane.
 *
 * Quality: with labels or scores on both lanes (mode `labels`) the mean recorded quality of
 * the answers served, and "worse" means a lower score than the reference's; otherwise
 * (mode `not_worse`) the share served an answer not worse than the reference by the
 * pairwise verdict. Samples lacking what the mode needs are left out (counted in `excluded`).
 */
export type QualityMode = 'labels' | 'not_worse';
export type PatternName = 'length' | 'tag' | 'cluster' | 'cascade' | 'random' | 'oracle';

export interface OperatingPoint {
  pattern: PatternName;
  /** The swept parameter: length cutoff (chars), pass threshold, confidence threshold, or strong share (random); null for oracle. */
  parameter: number | null;
  /** Share of requests that made a call to the strong lane. */
  strongShare: number;
  quality: number;
  costPerRequestUsd: number;
  /** Share of requests served a worse answer than the strong lane's. */
  regressionRate: number;
  /** Mean latency per request (a cascade that escalates waits for both calls). */
  meanLatencyMs: number;
  /** Cascade only: share of requests escalated, and the mean wait added to each escalated one. */
  fallbackRate?: number;
  addedLatencyMs?: number | null;
}

export interface PatternCurve {
  pattern: PatternName;
  parameterName: string;
  points: OperatingPoint[];
}

export interface Baseline {
  quality: number;
  costPerRequestUsd: number;
  regressionRate: number;
}

export interface PatternsResult {
  cheapLane: string;
  strongLane: string;
  qualityMode: QualityMode;
  /** Evaluation samples used, and evaluation samples left out for want of calls, labels or verdicts. */
  n: number;
  excluded: number;
  cheap: Baseline;
  strong: Baseline;
  curves: PatternCurve[];
  skipped: { pattern: PatternName; reason: string }[];
}

export interface PatternOptions {
  policy: RoutingPolicy;
  geometry?: readonly ClusterGeometry[];
  /** Quantile steps of the length sweep (default 20) and strong-share steps of the random baseline (default 10). */
  lengthSteps?: number;
  randomSteps?: number;
}

/** One usable evaluation sample reduced to what a two-lane router changes. */
interface Row {
  sample: JudgedSample;
  qCheap: number;
  qStrong: number;
  cheapWorse: boolean;
  costCheap: number;
  costStrong: number;
  latCheap: number;
  latStrong: number;
}

function rowsOf(samples: readonly JudgedSample[], cheap: string, strong: string): { rows: Row[]; mode: QualityMode } {
  const both = samples.flatMap((s) => {
    const c = s.lanes[cheap];
    const r = s.lanes[strong];
    return c && r ? [{ s, c, r }] : [];
  });
  const labelled = both.filter(({ c, r }) => c.quality !== undefined && r.quality !== undefined);
  if (labelled.length > 0) {
    const rows = labelled.map(({ s, c, r }) => ({
      sample: s,
      qCheap: c.quality as number,
      qStrong: r.quality as number,
      cheapWorse: (c.quality as number) < (r.quality as number),
      costCheap: c.costUsd,
      costStrong: r.costUsd,
      latCheap: c.latencyMs,
      latStrong: r.latencyMs,
    }));
    return { rows, mode: 'labels' };
  }
  const rows = both.flatMap(({ s, c, r }) => {
    const v = s.verdicts[cheap];
    if (v === undefined) return [];
    const worse = v === 'cheap_worse';
    return [{ sample: s, qCheap: worse ? 0 : 1, qStrong: 1, cheapWorse: worse, costCheap: c.costUsd, costStrong: r.costUsd, latCheap: c.latencyMs, latStrong: r.latencyMs }];
  });
  return { rows, mode: 'not_worse' };
}

/** Figures of a router that sends row i to the strong lane when strong[i]. */
function evaluate(pattern: PatternName, parameter: number | null, rows: readonly Row[], strong: readonly boolean[]): OperatingPoint {
  let q = 0, cost = 0, worse = 0, lat = 0, nStrong = 0;
  rows.forEach((r, i) => {
    if (strong[i]) {
      nStrong++;
      q += r.qStrong;
      cost += r.costStrong;
      lat += r.latStrong;
    } else {
      q += r.qCheap;
      cost += r.costCheap;
      lat += r.latCheap;
      if (r.cheapWorse) worse++;
    }
  });
  const n = rows.length;
  return { pattern, parameter, strongShare: nStrong / n, quality: q / n, costPerRequestUsd: cost / n, regressionRate: worse / n, meanLatencyMs: lat / n };
}

const distinctSorted = (values: Iterable<number>) => [...new Set(values)].sort((a, b) => a - b);

/** Cheap below an input-length cutoff, swept over quantiles of input length (plus one cutoff past the longest: all cheap). */
function lengthCurve(rows: readonly Row[], steps: number): PatternCurve {
  const chars = rows.map((r) => r.sample.inputChars).sort((a, b) => a - b);
  const quantiles = Array.from({ length: steps + 1 }, (_, i) => chars[Math.min(chars.length - 1, Math.floor((i / steps) * chars.length))]!);
  const cutoffs = distinctSorted([...quantiles, chars[chars.length - 1]! + 1]);
  return {
    pattern: 'length',
    parameterName: 'cheap below input chars',
    points: cutoffs.map((cut) => evaluate('length', cut, rows, rows.map((r) => !(r.sample.inputChars < cut)))),
  };
}

/**
 * A table keyed by a sample property (tag, cluster), fitted on the fit set: a key goes
 * cheap when its pass-rate lower bound reaches the threshold with minSamples judged.
 * Swept over every distinct lower bound (each gives a different table) and 1 (all strong).
 */
function keyedCurve(
  pattern: PatternName,
  fit: readonly JudgedSample[],
  rows: readonly Row[],
  keyOf: (s: JudgedSample) => string,
  cheap: string,
  policy: RoutingPolicy,
  forcedStrong: (s: JudgedSample) => boolean,
): PatternCurve {
  const z = zForConfidence(policy.confidence);
  const groups = new Map<string, JudgedSample[]>();
  for (const s of fit) {
    const k = keyOf(s);
    const group = groups.get(k);
    if (group) group.push(s);
    else groups.set(k, [s]);
  }
  const lows = new Map<string, number>();
  for (const [k, members] of groups) {
    const pass = lanePassRate(members, cheap, policy.tiesPass, z);
    if (pass.n >= policy.minSamples) lows.set(k, pass.low);
  }
  const thresholds = distinctSorted([...lows.values(), 1]);
  // Per row once: the key's lower bound (-1 = never cheap) and whether it must go strong anyway.
  const rowLow = rows.map((r) => (forcedStrong(r.sample) ? -1 : (lows.get(keyOf(r.sample)) ?? -1)));
  return {
    pattern,
    parameterName: 'pass threshold',
    points: thresholds.map((t) => evaluate(pattern, t, rows, rowLow.map((low) => !(low >= t)))),
  };
}

/**
 * Cheap first; escalate when the single judge finds the answer not acceptable or its
 * confidence is below the threshold. Escalation pays both calls and waits for both.
 */
function cascadeCurve(rows: readonly Row[]): PatternCurve {
  const confidences = rows.map((r) => r.sample.single!.confidence);
  const thresholds = distinctSorted([0, ...confidences, Math.max(1, ...confidences) + 0.01]);
  const points = thresholds.map((t) => {
    const escalate = rows.map((r) => !r.sample.single!.acceptable || r.sample.single!.confidence < t);
    const base = evaluate('cascade', t, rows, escalate);
    let extraCost = 0, extraLat = 0, nEsc = 0;
    rows.forEach((r, i) => {
      if (!escalate[i]) return;
      nEsc++;
      extraCost += r.costCheap;
      extraLat += r.latCheap;
    });
    return {
      ...base,
      costPerRequestUsd: base.costPerRequestUsd + extraCost / rows.length,
      meanLatencyMs: base.meanLatencyMs + extraLat / rows.length,
      fallbackRate: nEsc / rows.length,
      addedLatencyMs: nEsc === 0 ? null : extraLat / nEsc,
    };
  });
  return { pattern: 'cascade', parameterName: 'escalate below confidence', points };
}

/** The random router's expected figures at each strong share (exact, not a draw). */
function randomCurve(cheap: Baseline & { meanLatencyMs: number }, strong: Baseline & { meanLatencyMs: number }, steps: number): PatternCurve {
  const mix = (a: number, b: number, s: number) => (1 - s) * a + s * b;
  return {
    pattern: 'random',
    parameterName: 'strong share',
    points: Array.from({ length: steps + 1 }, (_, i) => {
      const s = i / steps;
      return {
        pattern: 'random' as const,
        parameter: s,
        strongShare: s,
        quality: mix(cheap.quality, strong.quality, s),
        costPerRequestUsd: mix(cheap.costPerRequestUsd, strong.costPerRequestUsd, s),
        regressionRate: mix(cheap.regressionRate, strong.regressionRate, s),
        meanLatencyMs: mix(cheap.meanLatencyMs, strong.meanLatencyMs, s),
      };
    }),
  };
}

/** Every pattern over the evaluation samples, fitted (tag, cluster) on the fit samples. */
export function simulatePatterns(
  fit: readonly JudgedSample[],
  evalSamples: readonly JudgedSample[],
  lanes: readonly LaneInfo[],
  options: PatternOptions,
): PatternsResult {
  const strongLane = referenceLane(lanes).name;
  const cheapInfo = cheapestLane(lanes);
  if (!cheapInfo) throw new InputError('lanes: pattern simulations need a lane cheaper than the reference lane');
  const cheapLane = cheapInfo.name;
  const { rows, mode } = rowsOf(evalSamples, cheapLane, strongLane);
  const n = rows.length;
  const result: PatternsResult = {
    cheapLane,
    strongLane,
    qualityMode: mode,
    n,
    excluded: evalSamples.length - n,
    cheap: { quality: 0, costPerRequestUsd: 0, regressionRate: 0 },
    strong: { quality: 0, costPerRequestUsd: 0, regressionRate: 0 },
    curves: [],
    skipped: [],
  };
  if (n === 0) {
    result.skipped = (['length', 'tag', 'cluster', 'cascade', 'random', 'oracle'] as const).map((pattern) => ({
      pattern,
      reason: 'no evaluation sample has both lanes and a verdict or labels',
    }));
    return result;
  }
  const allCheap = evaluate('random', 0, rows, rows.map(() => false));
  const allStrong = evaluate('random', 1, rows, rows.map(() => true));
  const baseline = (p: OperatingPoint) => ({ quality: p.quality, costPerRequestUsd: p.costPerRequestUsd, regressionRate: p.regressionRate });
  result.cheap = baseline(allCheap);
  result.strong = baseline(allStrong);

  const twoLanes: LaneInfo[] = [
    { name: cheapLane, costRank: 0, isReference: false },
    { name: strongLane, costRank: 1, isReference: true },
  ];
  // The sweep moves one global threshold; per-tag overrides would pin some keys and hide part of the curve.
  const sweepPolicy: RoutingPolicy = { ...options.policy, tagOverrides: {} };
  // OOD and unknown clusters always go strong, as the table would send them.
  const geometryTable = decideRouting([], twoLanes, sweepPolicy, options.geometry ?? []);
  const oodOrUnknown = (s: JudgedSample) => {
    const reason = routeSample(geometryTable, s).reason;
    return reason === 'out_of_distribution' || (options.geometry !== undefined && reason === 'unknown_cluster');
  };

  result.curves.push(lengthCurve(rows, options.lengthSteps ?? 20));
  result.curves.push(keyedCurve('tag', fit, rows, (s) => s.tag ?? '\u0000untagged', cheapLane, sweepPolicy, () => false));
  result.curves.push(keyedCurve('cluster', fit, rows, (s) => String(s.cluster), cheapLane, sweepPolicy, oodOrUnknown));
  if (rows.every((r) => r.sample.single !== undefined)) result.curves.push(cascadeCurve(rows));
  else result.skipped.push({ pattern: 'cascade', reason: 'not every evaluation sample has a single-judge verdict' });
  result.curves.push(randomCurve(allCheap, allStrong, options.randomSteps ?? 10));
  result.curves.push({ pattern: 'oracle', parameterName: 'none', points: [evaluate('oracle', null, rows, rows.map((r) => r.cheapWorse))] });
  return result;
}
