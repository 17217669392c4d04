import { z } from 'zod';

/**
 * `gates`: the limits a nightly run is held to. A quality gate without a limit is not
 * checked (reported as such); the drift gates have defaults set well above the noise of
 * a resample of the same traffic (PSI 0.25 is the usual "significant shift" line; the
 * cluster radius is the 95th-percentile distance, so about 5% of unchanged traffic is
 * out of distribution by construction).
 */
const Share = z.number().min(0).max(1);

export const GatesConfigSchema = z
  .object({
    /** Highest acceptable share of requests served a worse answer than the reference lane. */
    maxRegressionRate: Share.optional(),
    /** Highest acceptable regression rate among the diverted requests of any flagged segment. */
    maxSegmentRegressionRate: Share.optional(),
    /** Lowest acceptable share of traffic sent to a cheaper lane (below it the table saves too little). */
    minDiversionRate: Share.optional(),
    /** Highest acceptable share of requests whose lane differs between the baseline table and this run's. */
    maxDecisionFlipShare: Share.optional(),
    /** Highest acceptable population stability index of the cluster mix against the baseline table. */
    maxDriftPsi: z.number().positive().default(0.25),
    /** Highest acceptable share of prompts beyond their cluster's radius. */
    maxOodShare: Share.default(0.2),
    /**
     * Lowest acceptable share of pairs a pairwise judge decides the same way in both orders.
     * GPT-4 agreed with itself about 65% of the time in the MT-Bench study; a judge far
     * below that is reading positions, and its disagreements (ties) would pass as cheap.
     */
    minJudgeConsistency: Share.default(0.5),
  })
  .strict()
  .prefault({});
export type GatesConfig = z.infer<typeof GatesConfigSchema>;
