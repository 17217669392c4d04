import type { Verdict } from './analysis.js';

/**
 * What a judge says about one pair (a compared lane's answer against the strong lane's
 * on the same sample), always from the compared answer's point of view. The type is
 * the analysis core's; the list is what validation and counting iterate over.
 */
export type { Verdict };
export const VERDICTS = ['cheap_better', 'tie', 'cheap_worse'] as const satisfies readonly Verdict[];

/** A pass for routing purposes: the cheap answer is not worse than the strong one. */
export function cheapNotWorse(verdict: Verdict): boolean {
  return verdict !== 'cheap_worse';
}

/** The single judge's view of the cheap answer alone: the cascade router's signal. */
export interface Acceptability {
  acceptable: boolean;
  /** The judge's confidence that the answer is acceptable, 0..1. */
  confidence: number;
}

/**
 * The single judge's acceptability on one 0..1 scale (how likely the answer is
 * acceptable), which a cascade router thresholds: a confident "not acceptable" is near 0.
 */
export function acceptanceScore(a: Acceptability): number {
  return a.acceptable ? a.confidence : 1 - a.confidence;
}
