import type { LabelValue } from '../domain/sample.js';
import type { Verdict } from '../domain/verdict.js';

/**
 * The verdict from each lane's own outcome: a pass/fail each, or a score each
 * (higher is better; closer than `tieMargin` is a tie). Both wrong is a tie: the cheap
 * lane did no worse. Mixed kinds are refused rather than coerced.
 */
export function compareOutcomes(cheap: LabelValue, strong: LabelValue, tieMargin = 0): Verdict | { error: string } {
  if (typeof cheap === 'boolean' && typeof strong === 'boolean') {
    if (cheap === strong) return 'tie';
    return cheap ? 'cheap_better' : 'cheap_worse';
  }
  if (typeof cheap === 'number' && typeof strong === 'number') {
    const diff = cheap - strong;
    if (Math.abs(diff) <= tieMargin) return 'tie';
    return diff > 0 ? 'cheap_better' : 'cheap_worse';
  }
  return { error: `cannot compare a ${typeof cheap} outcome with a ${typeof strong} one` };
}

/** "pass"/"fail" for a boolean outcome, the number itself for a score. */
export function describeOutcome(value: LabelValue): string {
  return typeof value === 'boolean' ? (value ? 'pass' : 'fail') : String(value);
}
