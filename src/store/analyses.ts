import { z } from 'zod';
import type {
  ClusterStats,
  Headline,
  LaneClusterStats,
  OperatingPoint,
  PatternsResult,
  RouterMetrics,
  RunAnalysis,
  SegmentFlag,
  SegmentReport,
  SegmentSlice,
  SliceFigures,
} from '../analysis/index.js';
import { RoutingConfigSchema, SegmentsConfigSchema } from '../config/routing.js';
import type { ClusterDecision, MeanEstimate, Proportion, RoutingDecisions, SegmentOverride } from '../domain/analysis.js';
import type { Db } from './db.js';

/** What an analysis was computed from, stored next to it so a report needs nothing else to explain it. */
export const AnalysisContextSchema = z.object({
  clusteringId: z.number().int(),
  /** Samples given to the analysis, and samples of the dataset left out (no cluster assignment, no call in the run). */
  samples: z.number().int(),
  excluded: z.object({ unassigned: z.number().int(), notInRun: z.number().int() }),
  lanes: z.array(
    z.object({
      name: z.string(),
      provider: z.string(),
      model: z.string(),
      costRank: z.number().int(),
      isReference: z.boolean(),
      /** Mean cost per call observed in the run (null: no priced call). */
      meanCostUsd: z.number().nullable(),
    }),
  ),
  routing: RoutingConfigSchema,
  segments: SegmentsConfigSchema,
  holdout: z.object({ fraction: z.number(), seed: z.number().int() }).nullable(),
  /** Label terms per cluster id (index = cluster). */
  clusterLabels: z.array(z.array(z.string())),
});
export type AnalysisContext = z.infer<typeof AnalysisContextSchema>;

export interface StoredAnalysis {
  runId: string;
  context: AnalysisContext;
  analysis: RunAnalysis;
  createdAt: string;
}

// Schemas of the pure core's result, so a stored analysis is checked, not cast, on read.
const ProportionSchema: z.ZodType<Proportion> = z.object({
  k: z.number(),
  n: z.number(),
  rate: z.number().nullable(),
  low: z.number(),
  high: z.number(),
});
const MeanSchema: z.ZodType<MeanEstimate> = z.object({
  n: z.number(),
  mean: z.number().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
});
const LatencySchema = z.object({ lane: z.string(), n: z.number(), p50Ms: z.number().nullable(), p95Ms: z.number().nullable() });
const HeadlineSchema: z.ZodType<Headline> = z.object({
  n: z.number(),
  diversion: ProportionSchema,
  fallback: ProportionSchema.nullable(),
  cost: z.object({
    routedPerRequestUsd: z.number().nullable(),
    referencePerRequestUsd: z.number().nullable(),
    saving: MeanSchema,
    savingShare: z.number().nullable(),
  }),
  regression: ProportionSchema,
  unjudgedDiverted: z.number(),
  latency: z.object({ lanes: z.array(LatencySchema), served: LatencySchema }),
  quality: z.object({ served: MeanSchema, lanes: z.record(z.string(), z.number().nullable()) }).nullable(),
});
const LaneStatsSchema: z.ZodType<LaneClusterStats> = z.object({
  lane: z.string(),
  isReference: z.boolean(),
  calls: z.number(),
  okCalls: z.number(),
  meanCostUsd: z.number().nullable(),
  latencyP50Ms: z.number().nullable(),
  latencyP95Ms: z.number().nullable(),
  meanQuality: z.number().nullable(),
  verdicts: z.object({ better: z.number(), tie: z.number(), worse: z.number() }).optional(),
  pass: ProportionSchema.optional(),
  savingPerRequestUsd: z.number().nullable().optional(),
  savingShare: z.number().nullable().optional(),
});
const ClusterStatsSchema: z.ZodType<ClusterStats> = z.object({
  cluster: z.number(),
  n: z.number(),
  share: z.number(),
  judged: z.number(),
  lanes: z.array(LaneStatsSchema),
});
const DecisionSchema: z.ZodType<ClusterDecision> = z.object({
  cluster: z.number(),
  lane: z.string(),
  reason: z.enum(['cleared', 'no_lane_cleared', 'reference_only']),
  n: z.number(),
  share: z.number(),
  passThreshold: z.number(),
  minSamples: z.number(),
  governingTags: z.array(z.string()),
  radius: z.number().nullable(),
  evidence: z.array(
    z.object({
      lane: z.string(),
      judged: z.number(),
      pass: ProportionSchema,
      clears: z.boolean(),
      shortfall: z.enum(['too_few_judged', 'below_threshold']).optional(),
    }),
  ),
});
const SourceSchema = z.enum(['segment', 'tag']);
const OverrideSchema: z.ZodType<SegmentOverride> = z.object({
  cluster: z.number(),
  source: SourceSchema,
  attribute: z.string(),
  value: z.string(),
  lane: z.string(),
  evidence: z.object({ lane: z.string(), pass: ProportionSchema, passThreshold: z.number() }),
});
const DecisionsSchema: z.ZodType<RoutingDecisions> = z.object({
  referenceLane: z.string(),
  clusters: z.array(DecisionSchema),
  overrides: z.array(OverrideSchema),
});
const FiguresSchema: z.ZodType<SliceFigures> = z.object({
  n: z.number(),
  diversion: ProportionSchema,
  regression: ProportionSchema,
  harm: ProportionSchema,
});
const TestSchema = z.object({ diff: z.number(), p: z.number(), q: z.number() }).nullable();
const SliceSchema: z.ZodType<SegmentSlice> = z.object({
  source: SourceSchema,
  attribute: z.string(),
  value: z.string(),
  n: z.number(),
  diversion: ProportionSchema,
  regression: ProportionSchema,
  harm: ProportionSchema,
  harmTest: TestSchema,
  diversionTest: TestSchema,
});
const FlagSchema: z.ZodType<SegmentFlag> = z.object({
  kind: z.enum(['harm', 'diversion_disparity']),
  source: SourceSchema,
  attribute: z.string(),
  value: z.string(),
  n: z.number(),
  figure: ProportionSchema,
  overall: z.number(),
  size: z.number(),
  q: z.number(),
  summary: z.string(),
});
const SegmentReportSchema: z.ZodType<SegmentReport> = z.object({
  overall: FiguresSchema,
  slices: z.array(SliceSchema),
  flags: z.array(FlagSchema),
});
const PatternNameSchema = z.enum(['length', 'tag', 'cluster', 'cascade', 'random', 'oracle']);
const PointSchema: z.ZodType<OperatingPoint> = z.object({
  pattern: PatternNameSchema,
  parameter: z.number().nullable(),
  strongShare: z.number(),
  quality: z.number(),
  costPerRequestUsd: z.number(),
  regressionRate: z.number(),
  meanLatencyMs: z.number(),
  fallbackRate: z.number().optional(),
  addedLatencyMs: z.number().nullable().optional(),
});
const BaselineSchema = z.object({ quality: z.number(), costPerRequestUsd: z.number(), regressionRate: z.number() });
const PatternsSchema: z.ZodType<PatternsResult> = z.object({
  cheapLane: z.string(),
  strongLane: z.string(),
  qualityMode: z.enum(['labels', 'not_worse']),
  n: z.number(),
  excluded: z.number(),
  cheap: BaselineSchema,
  strong: BaselineSchema,
  curves: z.array(z.object({ pattern: PatternNameSchema, parameterName: z.string(), points: z.array(PointSchema) })),
  skipped: z.array(z.object({ pattern: PatternNameSchema, reason: z.string() })),
});
const MetricsSchema: z.ZodType<RouterMetrics> = z.object({
  curve: z.array(z.object({ strongShare: z.number(), pgr: z.number() })),
  apgr: z.number().nullable(),
  cpt: z.array(z.object({ target: z.number(), strongShare: z.number().nullable() })),
  undefinedReason: z.string().optional(),
});
export const RunAnalysisSchema: z.ZodType<RunAnalysis> = z.object({
  split: z
    .object({
      method: z.enum(['time', 'random', 'mixed']),
      evalFrom: z.string().nullable(),
      fitIds: z.array(z.string()),
      evalIds: z.array(z.string()),
    })
    .nullable(),
  stats: z.array(ClusterStatsSchema),
  decisions: DecisionsSchema,
  segments: z.object({ beforeOverrides: SegmentReportSchema, final: SegmentReportSchema }),
  headline: z.object({ inSample: HeadlineSchema, holdout: HeadlineSchema.nullable(), warnings: z.array(z.string()) }),
  patterns: z
    .object({
      result: PatternsSchema,
      metrics: z.array(z.object({ pattern: PatternNameSchema, metrics: MetricsSchema })),
      frontier: z.array(PointSchema),
    })
    .nullable(),
});

/**
 * Stores a run's analysis, replacing an earlier one. The JSON is checked against the
 * schema before it is written: a value JSON cannot carry (NaN, Infinity) fails here,
 * naming the field, instead of when a report reads it back.
 */
export function writeAnalysis(db: Db, runId: string, stored: { context: AnalysisContext; analysis: RunAnalysis }): StoredAnalysis {
  const context = JSON.stringify(stored.context);
  const analysis = JSON.stringify(stored.analysis);
  const parsed = parseStored(runId, context, analysis);
  const createdAt = new Date().toISOString();
  db.prepare(
    `INSERT INTO analyses (run_id, context, analysis, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (run_id) DO UPDATE SET context = excluded.context, analysis = excluded.analysis, created_at = excluded.created_at`,
  ).run(runId, context, analysis, createdAt);
  return { runId, ...parsed, createdAt };
}

/** The run's stored analysis, or undefined when it was never analysed. */
export function readAnalysis(db: Db, runId: string): StoredAnalysis | undefined {
  const row = db.prepare('SELECT context, analysis, created_at FROM analyses WHERE run_id = ?').get(runId) as
    | { context: string; analysis: string; created_at: string }
    | undefined;
  if (!row) return undefined;
  return { runId, ...parseStored(runId, row.context, row.analysis), createdAt: row.created_at };
}

function parseStored(runId: string, context: string, analysis: string): { context: AnalysisContext; analysis: RunAnalysis } {
  const c = AnalysisContextSchema.safeParse(JSON.parse(context));
  const a = RunAnalysisSchema.safeParse(JSON.parse(analysis));
  const issue = (c.success ? undefined : c.error.issues[0]) ?? (a.success ? undefined : a.error.issues[0]);
  if (issue || !c.success || !a.success) {
    throw new Error(`analysis of run ${runId}: invalid at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'unknown'}`);
  }
  return { context: c.data, analysis: a.data };
}
