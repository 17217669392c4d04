import type { JudgedSample, LaneInfo, MeanEstimate, Proportion, RoutingDecisions } from '../domain/analysis.js';
import { rateInterval } from '../domain/format.js';
import { cheapestLane } from './lanes.js';
import { countServed, servedOutcome } from './served.js';
import { mean, meanEstimate, percentile, proportion, zForConfidence } from './stats.js';

export interface LaneLatency {
  lane: string;
  n: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

/** The run's headline figures under a routing table, in the order reports print them. */
export interface Headline {
  n: number;
  /** Share of requests sent to a lane other than the reference. */
  diversion: Proportion;
  /**
   * Share of requests diverted to the cheapest lane (with a single-judge verdict) that the
   * single judge would escalate; null when none has one.
   */
  fallback: Proportion | null;
  cost: {
    /** Mean cost per logical request of the lane served, and of always calling the reference. */
    routedPerRequestUsd: number | null;
    referencePerRequestUsd: number | null;
    /** Per-request saving (reference minus served), paired over samples with both calls. */
    saving: MeanEstimate;
    /** The saving as a share of the reference cost over the same paired samples. */
    savingShare: number | null;
  };
  /** Share of all requests (whose outcome is known) served a worse answer than the reference. */
  regression: Proportion;
  /** Diverted requests not judged on the lane served: left out of the regression figure. */
  unjudgedDiverted: number;
  /** Latency of every lane's successful calls, and of the answers served. */
  latency: { lanes: LaneLatency[]; served: LaneLatency };
  /** Mean recorded quality of the answers served and of each lane, when the traffic has labels or scores. */
  quality: { served: MeanEstimate; lanes: Record<string, number | null> } | null;
}

export interface HeadlineOptions {
  confidence: number;
  /** A diverted answer the single judge accepts with confidence below this also counts as a fallback. */
  fallbackConfidence?: number;
}

export function headlineFigures(
  samples: readonly JudgedSample[],
  decisions: RoutingDecisions,
  lanes: readonly LaneInfo[],
  options: HeadlineOptions = { confidence: 0.95 },
): Headline {
  const z = zForConfidence(options.confidence);
  const minConfidence = options.fallbackConfidence ?? 0;
  const ref = decisions.referenceLane;
  // The single judge reads the cheapest lane's answer, so only requests served by it have a fallback signal.
  const cheapest = cheapestLane(lanes)?.name;
  const outcomes = samples.map((s) => servedOutcome(decisions, s));
  const counts = countServed(outcomes);

  let judgedFallback = 0;
  let escalated = 0;
  const savings: number[] = [];
  const routedCosts: number[] = [];
  const refCosts: number[] = [];
  // Reference cost over the same samples as `savings`, so the saving share is a ratio of like with like.
  const pairedRefCosts: number[] = [];
  const servedLatency: number[] = [];
  const servedQuality: number[] = [];
  samples.forEach((s, i) => {
    const o = outcomes[i]!;
    if (o.diverted && o.lane === cheapest && s.single) {
      judgedFallback++;
      if (!s.single.acceptable || s.single.confidence < minConfidence) escalated++;
    }
    const served = s.lanes[o.lane];
    const strong = s.lanes[ref];
    if (served) {
      routedCosts.push(served.costUsd);
      if (served.ok) servedLatency.push(served.latencyMs);
      if (served.quality !== undefined) servedQuality.push(served.quality);
    }
    if (strong) refCosts.push(strong.costUsd);
    if (served && strong) {
      savings.push(strong.costUsd - served.costUsd);
      pairedRefCosts.push(strong.costUsd);
    }
  });

  const routedPerRequestUsd = mean(routedCosts);
  const referencePerRequestUsd = mean(refCosts);
  const saving = meanEstimate(savings, z);
  const pairedReferenceUsd = mean(pairedRefCosts);
  const hasQuality = samples.some((s) => Object.values(s.lanes).some((l) => l.quality !== undefined));
  const laneLatency = (lane: string, values: number[]): LaneLatency => ({
    lane,
    n: values.length,
    p50Ms: percentile(values, 50),
    p95Ms: percentile(values, 95),
  });
  const definedValues = (pick: (s: JudgedSample) => number | undefined) =>
    samples.flatMap((s) => {
      const v = pick(s);
      return v === undefined ? [] : [v];
    });

  return {
    n: samples.length,
    diversion: proportion(counts.diverted, counts.n, z),
    fallback: judgedFallback === 0 ? null : proportion(escalated, judgedFallback, z),
    cost: {
      routedPerRequestUsd,
      referencePerRequestUsd,
      saving,
      savingShare: saving.mean !== null && pairedReferenceUsd ? saving.mean / pairedReferenceUsd : null,
    },
    regression: proportion(counts.worse, counts.assessed, z),
    unjudgedDiverted: counts.diverted - counts.divertedJudged,
    latency: {
      lanes: [...lanes]
        .sort((a, b) => a.costRank - b.costRank)
        .map((l) => laneLatency(l.name, definedValues((s) => (s.lanes[l.name]?.ok ? s.lanes[l.name]!.latencyMs : undefined)))),
      served: laneLatency('served', servedLatency),
    },
    quality: hasQuality
      ? {
          served: meanEstimate(servedQuality, z),
          lanes: Object.fromEntries(lanes.map((l) => [l.name, mean(definedValues((s) => s.lanes[l.name]?.quality))])),
        }
      : null,
  };
}

function overlaps(a: { low: number | null; high: number | null }, b: { low: number | null; high: number | null }): boolean {
  if (a.low === null || a.high === null || b.low === null || b.high === null) return true;
  return a.low <= b.high && b.low <= a.high;
}

const usd = (m: MeanEstimate) => `$${(m.mean ?? 0).toPrecision(3)} [${(m.low ?? 0).toPrecision(3)}, ${(m.high ?? 0).toPrecision(3)}]`;

/**
 * Warnings for figures whose in-sample and holdout intervals do not overlap: the table
 * does not generalise to later (or unseen) traffic as well as the fit suggests.
 */
export function compareHeadlines(inSample: Headline, holdout: Headline): string[] {
  const warnings: string[] = [];
  const rates: [string, Proportion | null, Proportion | null][] = [
    ['diversion rate', inSample.diversion, holdout.diversion],
    ['fallback rate', inSample.fallback, holdout.fallback],
    ['quality regression rate', inSample.regression, holdout.regression],
  ];
  for (const [name, a, b] of rates) {
    if (a && b && a.n > 0 && b.n > 0 && !overlaps(a, b)) {
      warnings.push(`${name}: in-sample ${rateInterval(a)} vs holdout ${rateInterval(b)}; the intervals do not overlap`);
    }
  }
  const sa = inSample.cost.saving;
  const sb = holdout.cost.saving;
  if (!overlaps(sa, sb)) warnings.push(`saving per request: in-sample ${usd(sa)} vs holdout ${usd(sb)}; the intervals do not overlap`);
  const qa = inSample.quality?.served;
  const qb = holdout.quality?.served;
  if (qa && qb && !overlaps(qa, qb)) {
    warnings.push(`quality served: in-sample ${qa.mean?.toFixed(3)} vs holdout ${qb.mean?.toFixed(3)}; the intervals do not overlap`);
  }
  return warnings;
}
