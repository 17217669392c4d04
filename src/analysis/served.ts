import type { JudgedSample, RoutingDecisions } from '../domain/analysis.js';
import { laneVerdict } from './lanes.js';
import { routeSample, type RouteReason } from './policy.js';

/** What one sample would have been served under a routing table. */
export interface ServedOutcome {
  lane: string;
  reason: RouteReason;
  /** Sent to a lane other than the reference. */
  diverted: boolean;
  /**
   * Served an answer worse than the reference's: false when served the reference,
   * the verdict when diverted, null when diverted to a lane this sample was not judged on.
   */
  worse: boolean | null;
}

export function servedOutcome(decisions: RoutingDecisions, sample: JudgedSample): ServedOutcome {
  const route = routeSample(decisions, sample);
  if (route.lane === decisions.referenceLane) return { lane: route.lane, reason: route.reason, diverted: false, worse: false };
  const verdict = laneVerdict(sample, route.lane);
  return { lane: route.lane, reason: route.reason, diverted: true, worse: verdict === undefined ? null : verdict === 'cheap_worse' };
}

/** Counts behind diversion, regression-among-diverted and harm for a set of served outcomes. */
export interface ServedCounts {
  n: number;
  diverted: number;
  /** Diverted and judged on the lane served. */
  divertedJudged: number;
  worse: number;
  /** Samples whose outcome is known: served the reference, or diverted and judged. */
  assessed: number;
}

export function countServed(outcomes: Iterable<ServedOutcome>): ServedCounts {
  const c: ServedCounts = { n: 0, diverted: 0, divertedJudged: 0, worse: 0, assessed: 0 };
  for (const o of outcomes) {
    c.n++;
    if (o.diverted) c.diverted++;
    if (o.worse !== null) c.assessed++;
    if (o.diverted && o.worse !== null) c.divertedJudged++;
    if (o.worse === true) c.worse++;
  }
  return c;
}
