import type { Verdict } from './analysis.js';

/**
 * What a judge says about one pair (a compared lane's answer against the strong lane's
 * on the same sample), always from the compared answer's point of view. The type is
 * the analysis core's; the list is what validation and counting iterate over.
 */
export type { Verdict };
export const VERDICTS = ['cheap_better', 'tie', 'cheap_worse'] as const satisfies readonly Verdict[];

/** The single judge's view of the cheap answer alone: the cascade router's signal. */
export interface Acceptability {
  acceptable: boolean;
  /** The judge's confidence that the answer is acceptable, 0..1. */
  confidence: number;
}
