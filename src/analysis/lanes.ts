import type { JudgedSample, LaneInfo, Verdict } from '../domain/analysis.js';
import { InputError } from '../domain/errors.js';

/** The one reference (strong) lane; anything else is a configuration mistake. */
export function referenceLane(lanes: readonly LaneInfo[]): LaneInfo {
  const refs = lanes.filter((l) => l.isReference);
  if (refs.length !== 1) {
    throw new InputError(`lanes: exactly one lane must be the reference (strong) lane, found ${refs.length}`);
  }
  return refs[0]!;
}

/**
 * Lanes that could take traffic from the reference: non-reference lanes cheaper than it,
 * cheapest first. A lane that costs more than the reference is never worth routing to.
 */
export function candidateLanes(lanes: readonly LaneInfo[]): LaneInfo[] {
  const ref = referenceLane(lanes);
  return lanes.filter((l) => !l.isReference && l.costRank < ref.costRank).sort((a, b) => a.costRank - b.costRank);
}

/** The cheapest candidate lane (the "cheap" side of two-lane comparisons), or undefined. */
export function cheapestLane(lanes: readonly LaneInfo[]): LaneInfo | undefined {
  return candidateLanes(lanes)[0];
}

/**
 * The verdict that counts for a candidate lane on a sample: the judge's, or cheap_worse
 * when the lane's call failed while the reference answered (the request would have been
 * served an error: a lane that fails often must not clear the bar on its successes alone).
 * Re-attempt transient failures with `replay --retry-errors` before trusting a table.
 */
export function laneVerdict(sample: JudgedSample, lane: string): Verdict | undefined {
  const verdict = sample.verdicts[lane];
  if (verdict !== undefined) return verdict;
  const call = sample.lanes[lane];
  return call !== undefined && !call.ok ? 'cheap_worse' : undefined;
}

/** A judged answer passes when it is not worse than the reference (ties pass unless tiesPass is false). */
export function passes(verdict: Verdict, tiesPass: boolean): boolean {
  return verdict === 'cheap_better' || (tiesPass && verdict === 'tie');
}
