import { z } from 'zod';
import { RoutingPolicySchema, SegmentPolicySchema } from '../domain/analysis.js';

/**
 * The analysis sections of the config file. The policies themselves are the pure core's
 * (src/domain/analysis.ts); this file only adds what the analysis stage needs on top.
 */

/** `routing`: the decision policy, plus how the fallback rate reads the single judge. */
export const RoutingConfigSchema = RoutingPolicySchema.extend({
  /** A diverted answer the single judge accepts with confidence below this also counts as a fallback. */
  fallbackConfidence: z.number().min(0).max(1).default(0),
}).prefault({});
export type RoutingConfig = z.infer<typeof RoutingConfigSchema>;

/** `segments`: segment slicing, flags and overrides. */
export const SegmentsConfigSchema = SegmentPolicySchema.prefault({});

/**
 * `holdout`: fit the table on one part of the run and report every headline figure on the
 * other (by time when samples have timestamps, else a seeded shuffle). Without `fraction`
 * (and without --holdout) everything is fitted and reported in-sample.
 */
export const HoldoutConfigSchema = z
  .object({
    fraction: z.number().gt(0).lt(1).optional(),
    seed: z.number().int().min(0).default(1),
  })
  .strict()
  .prefault({});
export type HoldoutConfig = z.infer<typeof HoldoutConfigSchema>;
