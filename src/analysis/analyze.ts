import type {
  ClusterGeometry,
  JudgedSample,
  LaneInfo,
  RoutingDecisions,
  RoutingPolicy,
  SegmentPolicy,
} from '../domain/analysis.js';
import { compareHeadlines, headlineFigures, type Headline } from './headline.js';
import { cheapestLane } from './lanes.js';
import { holdoutSplit, type HoldoutOptions, type HoldoutSplit } from './holdout.js';
import { clusterStats, type ClusterStats } from './passRates.js';
import { simulatePatterns, type OperatingPoint, type PatternName, type PatternsResult } from './patterns.js';
import { decideRouting, withOverrides } from './policy.js';
import { paretoFrontier, routerMetrics, type RouterMetrics } from './routellm.js';
import { segmentOverrides, segmentReport, type SegmentReport } from './segments.js';

export interface AnalysisInput {
  samples: readonly JudgedSample[];
  lanes: readonly LaneInfo[];
  geometry?: readonly ClusterGeometry[];
  routing: RoutingPolicy;
  segments: SegmentPolicy;
  /** Fit on one part, report on the other. */
  holdout?: HoldoutOptions;
  /** See HeadlineOptions.fallbackConfidence. */
  fallbackConfidence?: number;
}

export interface RunAnalysis {
  /** The holdout split as id lists (null without a holdout: everything is fitted and reported in-sample). */
  split: { method: HoldoutSplit['method']; evalFrom: string | null; fitIds: string[]; evalIds: string[] } | null;
  /** Per-cluster statistics of the fit part. */
  stats: ClusterStats[];
  /** The routing table fitted on the fit part, segment overrides included. */
  decisions: RoutingDecisions;
  /**
   * Segment slices on the reported part (holdout part when there is one): under the
   * cluster decisions alone (the evidence behind flags and overrides), and under the
   * final table with its overrides (what consumers will see).
   */
  segments: { beforeOverrides: SegmentReport; final: SegmentReport };
  headline: { inSample: Headline; holdout: Headline | null; warnings: string[] };
  /** Router patterns on the reported part; null when no lane is cheaper than the reference. */
  patterns: {
    result: PatternsResult;
    metrics: { pattern: PatternName; metrics: RouterMetrics }[];
    /** Cost-quality Pareto frontier over every pattern's operating points. */
    frontier: OperatingPoint[];
  } | null;
}

/**
 * The whole analysis of a judged run, pure: split, fit the table (cluster decisions, then
 * segment overrides) on the fit part, and report headline figures, segment slices and
 * router patterns on the other part (or in-sample without a holdout).
 */
export function analyzeRun(input: AnalysisInput): RunAnalysis {
  const { samples, lanes, routing } = input;
  const split = input.holdout ? holdoutSplit(samples, input.holdout) : null;
  const fit = split ? samples.filter((s) => split.fit.has(s.sampleId)) : samples;
  const evaluated = split ? samples.filter((s) => split.eval.has(s.sampleId)) : samples;

  const stats = clusterStats(fit, lanes, routing);
  const base = decideRouting(fit, lanes, routing, input.geometry ?? []);
  const decisions = withOverrides(base, segmentOverrides(fit, base, routing, input.segments));

  const headlineOptions = { confidence: routing.confidence, fallbackConfidence: input.fallbackConfidence ?? 0 };
  const inSample = headlineFigures(fit, decisions, lanes, headlineOptions);
  const holdout = split ? headlineFigures(evaluated, decisions, lanes, headlineOptions) : null;

  const patterns = cheapestLane(lanes) ? patternsOf(fit, evaluated, input) : null;

  return {
    split: split
      ? { method: split.method, evalFrom: split.evalFrom, fitIds: [...split.fit], evalIds: [...split.eval] }
      : null,
    stats,
    decisions,
    segments: {
      beforeOverrides: segmentReport(evaluated, base, input.segments, routing.confidence),
      final: segmentReport(evaluated, decisions, input.segments, routing.confidence),
    },
    headline: { inSample, holdout, warnings: holdout ? compareHeadlines(inSample, holdout) : [] },
    patterns,
  };
}

function patternsOf(fit: readonly JudgedSample[], evaluated: readonly JudgedSample[], input: AnalysisInput): RunAnalysis['patterns'] {
  const result = simulatePatterns(fit, evaluated, input.lanes, { policy: input.routing, geometry: input.geometry ?? [] });
  return {
    result,
    metrics: result.curves.map((c) => ({ pattern: c.pattern, metrics: routerMetrics(c.points, result.cheap.quality, result.strong.quality) })),
    frontier: paretoFrontier(result.curves.flatMap((c) => c.points)),
  };
}
