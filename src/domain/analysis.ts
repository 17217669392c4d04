import { z } from 'zod';

/**
 * Plain data shared by the pure analysis core (src/analysis/) and the stages that feed
 * it or store what it returns. Nothing here does I/O.
 */

/** A judge's verdict on a non-reference lane's answer against the reference lane's answer. */
export type Verdict = 'cheap_better' | 'tie' | 'cheap_worse';

/** One lane's call for one sample. */
export interface LaneOutcome {
  costUsd: number;
  latencyMs: number;
  ok: boolean;
  /** The recorded label or score as a number (boolean labels as 1/0), when the traffic has one. */
  quality?: number;
}

/** A sample with everything the analysis needs: where it clustered, what each lane did, what the judges said. */
export interface JudgedSample {
  sampleId: string;
  cluster: number;
  /** Distance to the assigned centroid, in the clustering's metric. */
  distance: number;
  tag?: string;
  segments: Record<string, string>;
  /** ISO-8601 (UTC); used by the time-based holdout. */
  timestamp?: string;
  inputChars: number;
  lanes: Record<string, LaneOutcome>;
  /** Per non-reference lane: that lane against the reference lane; undefined = not judged. */
  verdicts: Record<string, Verdict | undefined>;
  /** The single judge on the cheapest lane's answer (the cascade signal). */
  single?: { acceptable: boolean; confidence: number };
}

export interface LaneInfo {
  name: string;
  /** 0 = cheapest. */
  costRank: number;
  /** The strong lane every other lane is judged against; exactly one lane is the reference. */
  isReference: boolean;
}

/** What the out-of-distribution rule needs from the clustering. */
export interface ClusterGeometry {
  cluster: number;
  /** Prompts farther than this from the centroid are out of distribution. */
  radius: number;
}

/**
 * A share with its Wilson interval. `rate` is null when n is 0 (nothing to estimate);
 * the interval is then [0, 1].
 */
export interface Proportion {
  k: number;
  n: number;
  rate: number | null;
  low: number;
  high: number;
}

/** A mean with a normal-approximation interval (null when there are fewer than two values). */
export interface MeanEstimate {
  n: number;
  mean: number | null;
  low: number | null;
  high: number | null;
}

export const TagOverrideSchema = z
  .object({
    passThreshold: z.number().gt(0).lt(1).optional(),
    minSamples: z.number().int().positive().optional(),
  })
  .strict();

/** The decision policy (config section `routing`). */
export const RoutingPolicySchema = z
  .object({
    /** A lane is chosen for a cluster when its pass rate's lower bound reaches this. */
    passThreshold: z.number().gt(0).lt(1).default(0.9),
    /** ...and at least this many of the cluster's samples were judged for that lane. */
    minSamples: z.number().int().positive().default(20),
    /** Ties count as passes unless false. */
    tiesPass: z.boolean().default(true),
    /** Confidence level of every interval. */
    confidence: z.number().gt(0).lt(1).default(0.95),
    /** Per-tag threshold or minimum sample overrides (a high-value tag can demand more). */
    tagOverrides: z.record(z.string(), TagOverrideSchema).default({}),
    /**
     * A tag (or the untagged group) governs a cluster's bar when it holds at least this
     * share of the cluster's samples; the strictest governing bar applies.
     */
    tagShareMin: z.number().gt(0).max(1).default(0.1),
  })
  .strict();
export type RoutingPolicy = z.infer<typeof RoutingPolicySchema>;
export const DEFAULT_ROUTING_POLICY: RoutingPolicy = RoutingPolicySchema.parse({});

/** Segment slicing and overrides (config section `segments`). */
export const SegmentPolicySchema = z
  .object({
    /** Slices smaller than this are reported but never tested or flagged. */
    minN: z.number().int().positive().default(30),
    /** Flag a slice whose harm exceeds the overall harm by more than this (absolute share). */
    alertDelta: z.number().gt(0).lt(1).default(0.05),
    /** Benjamini-Hochberg q below which a difference counts as significant. */
    maxQ: z.number().gt(0).lt(1).default(0.05),
    /** Segment attributes a service knows when it routes; undefined = every attribute seen. */
    knownAtRequest: z.array(z.string().min(1)).optional(),
    /** Whether tags may become overrides too (only if the tag is known at request time). */
    tagOverrides: z.boolean().default(false),
    /** A segment x cluster cell needs this many judged samples before it can become an override. */
    minCellSamples: z.number().int().positive().default(20),
  })
  .strict();
export type SegmentPolicy = z.infer<typeof SegmentPolicySchema>;
export const DEFAULT_SEGMENT_POLICY: SegmentPolicy = SegmentPolicySchema.parse({});

/** Evidence for one candidate lane in one cluster. */
export interface LaneEvidence {
  lane: string;
  judged: number;
  pass: Proportion;
  clears: boolean;
  /** Why it does not clear: too few judged samples, or the lower bound is under the threshold. */
  shortfall?: 'too_few_judged' | 'below_threshold';
}

export type DecisionReason =
  /** A lane cheaper than the reference cleared the bar. */
  | 'cleared'
  /** No cheaper lane cleared the bar. */
  | 'no_lane_cleared'
  /** No cheaper lane exists. */
  | 'reference_only';

export interface ClusterDecision {
  cluster: number;
  lane: string;
  reason: DecisionReason;
  /** Samples of this cluster in the data the decision was fitted on, and their share of it. */
  n: number;
  share: number;
  /** The bar applied, after tag overrides, and the tags that set it (empty = the global bar). */
  passThreshold: number;
  minSamples: number;
  governingTags: string[];
  /** Out-of-distribution radius; null = unknown, no OOD rule for this cluster. */
  radius: number | null;
  /** Candidate lanes, cheapest first. */
  evidence: LaneEvidence[];
}

/** cluster c -> lane, except when the request's attribute has this value. */
export interface SegmentOverride {
  cluster: number;
  source: 'segment' | 'tag';
  /** The segment attribute; for a tag override, 'tag'. */
  attribute: string;
  value: string;
  lane: string;
  /** The cell's pass rate for the lane the cluster otherwise uses. */
  evidence: { lane: string; pass: Proportion; passThreshold: number };
}

/** The routing table as the analysis sees it (the artifact adds centroids and provenance). */
export interface RoutingDecisions {
  referenceLane: string;
  clusters: ClusterDecision[];
  overrides: SegmentOverride[];
}
