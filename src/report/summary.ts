import { segmentName, type Headline, type SegmentFlag, type SegmentSlice, type SliceFigures } from '../analysis/index.js';
import type { RoutingConfig } from '../config/routing.js';
import type { Proportion, SegmentOverride, SegmentPolicy } from '../domain/analysis.js';
import type { ReliabilityFigures } from '../judge/reliability.js';
import { readAnalysis, type StoredAnalysis } from '../store/analyses.js';
import type { Db } from '../store/db.js';
import { getRun, type Run, type RunStatus } from '../store/runs.js';
import { listJudgeReports, type JudgeReport } from '../store/verdicts.js';

/**
 * The machine-readable report of one analysed run: what `report --json` prints and what
 * the CI summary and the HTML report start from. Fields are only ever added within a
 * reportVersion; renaming or removing one bumps it.
 */
export const REPORT_VERSION = 1;

export interface ReportDocument {
  reportVersion: typeof REPORT_VERSION;
  run: { id: string; dataset: string; status: RunStatus; createdAt: string; finishedAt: string | null; clusteringId: number };
  analysedAt: string;
  samples: { analysed: number; excluded: { unassigned: number; notInRun: number } };
  /** Cheapest first; exactly one is the reference every other lane is judged against. */
  lanes: { name: string; provider: string; model: string; costRank: number; isReference: boolean; meanCostUsd: number | null }[];
  policy: { routing: RoutingConfig; segments: SegmentPolicy };
  /** null: fitted and reported on the same samples. */
  holdout: { fraction: number; seed: number; method: 'time' | 'random' | 'mixed'; evalFrom: string | null; fit: number; eval: number } | null;
  /** Headline figures under the final table, in-sample (fit part) and on the holdout part. */
  headline: { inSample: Headline; holdout: Headline | null; warnings: string[] };
  judge: ReportJudge[];
  /**
   * Segment flags, harm first: under the cluster decisions alone, with what the overrides
   * changed. Harm in any slice; diversion disparities of segment attributes (who is
   * treated differently).
   */
  flags: ReportFlag[];
  /**
   * Diversion disparities of tags: informational, not flags. Clusters follow tasks, so a
   * task routed unlike the rest is what a routing table is for; its harm is still flagged.
   */
  tagDiversion: ReportFlag[];
  overrides: SegmentOverride[];
  /** Clusters by traffic share, largest first. */
  clusters: ReportCluster[];
  /** Slices under the final table, on the reported part (the holdout part when there is one). */
  segments: { overall: SliceFigures; slices: SegmentSlice[] };
  /** Router patterns on the reported part (null when no lane is cheaper than the reference). */
  patterns: ReportPatterns | null;
}

export interface ReportJudge {
  /** The lane judged against the reference lane. */
  lane: string;
  judgeType: string | null;
  figures: ReliabilityFigures;
  single: ReliabilityFigures | null;
  spentUsd: number;
}

export interface ReportFlag extends SegmentFlag {
  /** `locale=es-MX`, or `tag=billing` for a tag slice. */
  segment: string;
  /** Clusters where a segment override sends this segment to the reference lane. */
  overriddenIn: number[];
  /** The same figure under the final table (overrides applied). */
  final: Proportion | null;
  /** Whether the final table still flags this segment for the same reason. */
  stillFlagged: boolean;
}

export interface ReportCluster {
  cluster: number;
  share: number;
  n: number;
  judged: number;
  lane: string;
  diverted: boolean;
  reason: 'cleared' | 'no_lane_cleared' | 'reference_only';
  /** Why the cheapest candidate did not clear the bar, when it did not. */
  shortfall: 'too_few_judged' | 'below_threshold' | null;
  /** Pass rate of the lane chosen, or of the cheapest candidate when the cluster stays on the reference. */
  passLane: string | null;
  pass: Proportion | null;
  passThreshold: number;
  minSamples: number;
  governingTags: string[];
  labels: string[];
  /** Reference mean cost minus the chosen lane's, per request (0 when on the reference). */
  savingPerRequestUsd: number | null;
  overrides: { attribute: string; value: string; lane: string }[];
}

export interface ReportPatterns {
  cheapLane: string;
  strongLane: string;
  qualityMode: 'labels' | 'not_worse';
  n: number;
  cheap: { quality: number; costPerRequestUsd: number };
  strong: { quality: number; costPerRequestUsd: number };
  metrics: { pattern: string; apgr: number | null; cpt: { target: number; strongShare: number | null }[] }[];
}

/** The report of a run from what the store holds; undefined when the run was never analysed. */
export function loadReport(db: Db, runId: string): ReportDocument | undefined {
  const run = getRun(db, runId);
  const stored = readAnalysis(db, run.id);
  if (!stored) return undefined;
  const dataset = db.prepare('SELECT name FROM datasets WHERE id = ?').pluck().get(run.datasetId) as string;
  return reportDocument({ run, dataset, stored, judgeReports: listJudgeReports(db, run.id) });
}

/** Pure: the document from a run, its stored analysis and its judge reports. */
export function reportDocument(input: { run: Run; dataset: string; stored: StoredAnalysis; judgeReports: readonly JudgeReport[] }): ReportDocument {
  const { run, stored } = input;
  const { context, analysis } = stored;
  const split = analysis.split;
  const flags = reportFlags(stored);
  return {
    reportVersion: REPORT_VERSION,
    run: {
      id: run.id,
      dataset: input.dataset,
      status: run.status,
      createdAt: run.createdAt,
      finishedAt: run.finishedAt ?? null,
      clusteringId: context.clusteringId,
    },
    analysedAt: stored.createdAt,
    samples: { analysed: context.samples, excluded: context.excluded },
    lanes: [...context.lanes].sort((a, b) => a.costRank - b.costRank),
    policy: { routing: context.routing, segments: context.segments },
    holdout:
      split && context.holdout
        ? { ...context.holdout, method: split.method, evalFrom: split.evalFrom, fit: split.fitIds.length, eval: split.evalIds.length }
        : null,
    headline: analysis.headline,
    judge: input.judgeReports.map((r) => ({
      lane: r.lane,
      judgeType: judgeTypeOf(r.judgeConfig),
      figures: r.figures,
      single: r.single ?? null,
      spentUsd: r.spentUsd,
    })),
    flags: flags.filter((f) => !isTagDiversion(f)),
    tagDiversion: flags.filter(isTagDiversion),
    overrides: analysis.decisions.overrides,
    clusters: reportClusters(stored),
    segments: { overall: analysis.segments.final.overall, slices: analysis.segments.final.slices },
    patterns: analysis.patterns
      ? {
          cheapLane: analysis.patterns.result.cheapLane,
          strongLane: analysis.patterns.result.strongLane,
          qualityMode: analysis.patterns.result.qualityMode,
          n: analysis.patterns.result.n,
          cheap: pick(analysis.patterns.result.cheap),
          strong: pick(analysis.patterns.result.strong),
          metrics: analysis.patterns.metrics.map((m) => ({ pattern: m.pattern, apgr: m.metrics.apgr, cpt: m.metrics.cpt })),
        }
      : null,
  };
}

function pick(b: { quality: number; costPerRequestUsd: number }): { quality: number; costPerRequestUsd: number } {
  return { quality: b.quality, costPerRequestUsd: b.costPerRequestUsd };
}

function isTagDiversion(flag: ReportFlag): boolean {
  return flag.kind === 'diversion_disparity' && flag.source === 'tag';
}

function judgeTypeOf(config: unknown): string | null {
  return typeof config === 'object' && config !== null && 'type' in config && typeof config.type === 'string' ? config.type : null;
}

/**
 * Flags under the cluster decisions alone (the evidence behind the overrides), each with
 * what the final table does to it; then any flag only the final table raises.
 */
function reportFlags({ analysis }: StoredAnalysis): ReportFlag[] {
  const { beforeOverrides, final } = analysis.segments;
  type Key = Pick<SegmentFlag, 'source' | 'attribute' | 'value'>;
  const same = (a: Key, b: Key) =>
    a.source === b.source && a.attribute === b.attribute && a.value === b.value;
  const annotate = (flag: SegmentFlag): ReportFlag => {
    const slice = final.slices.find((s) => same(s, flag));
    return {
      ...flag,
      segment: segmentName(flag),
      overriddenIn: analysis.decisions.overrides.filter((o) => same(o, flag)).map((o) => o.cluster),
      final: slice ? (flag.kind === 'harm' ? slice.harm : slice.diversion) : null,
      stillFlagged: final.flags.some((f) => f.kind === flag.kind && same(f, flag)),
    };
  };
  const before = beforeOverrides.flags.map(annotate);
  const onlyFinal = final.flags.filter((f) => !beforeOverrides.flags.some((b) => b.kind === f.kind && same(b, f))).map(annotate);
  return [...before, ...onlyFinal];
}

function reportClusters({ context, analysis }: StoredAnalysis): ReportCluster[] {
  const { decisions, stats } = analysis;
  return decisions.clusters
    .map((d): ReportCluster => {
      const diverted = d.lane !== decisions.referenceLane;
      const evidence = diverted ? d.evidence.find((e) => e.lane === d.lane) : d.evidence[0];
      const laneStats = stats.find((s) => s.cluster === d.cluster)?.lanes.find((l) => l.lane === d.lane);
      return {
        cluster: d.cluster,
        share: d.share,
        n: d.n,
        judged: stats.find((s) => s.cluster === d.cluster)?.judged ?? 0,
        lane: d.lane,
        diverted,
        reason: d.reason,
        shortfall: diverted ? null : (evidence?.shortfall ?? null),
        passLane: evidence?.lane ?? null,
        pass: evidence?.pass ?? null,
        passThreshold: d.passThreshold,
        minSamples: d.minSamples,
        governingTags: d.governingTags,
        labels: context.clusterLabels[d.cluster] ?? [],
        savingPerRequestUsd: diverted ? (laneStats?.savingPerRequestUsd ?? null) : 0,
        overrides: decisions.overrides
          .filter((o) => o.cluster === d.cluster)
          .map((o) => ({ attribute: o.attribute, value: o.value, lane: o.lane })),
      };
    })
    .sort((a, b) => b.share - a.share || a.cluster - b.cluster);
}
