import type { LanesConfig } from '../config/lanes.js';
import type { Sample } from '../domain/sample.js';
import { effectiveMaxOutputTokens, estimateInputTokens, laneRequest, laneRequestHash, UNBOUNDED_OUTPUT_ESTIMATE } from '../providers/laneRequest.js';
import { costUsd, estimateTokens, resolvePricing } from '../providers/pricing.js';
import { table } from '../report/replaySummary.js';
import { callStore } from '../store/calls.js';
import type { Db } from '../store/db.js';

export interface LaneEstimate {
  lane: string;
  provider: string;
  model: string;
  /** Calls that would be made (cache hits excluded). */
  calls: number;
  /** Samples the cache would answer. */
  cached: number;
  inputTokens: number;
  /** Expected output: the recorded answers' length where any exist, else the output bound. */
  outputTokens: number;
  /** USD, or undefined when no pricing is known for the model. */
  costUsd?: number;
  /** USD if every call used its whole output bound. */
  maxCostUsd?: number;
  /** Recorded lanes spend nothing: their cost is what the answers would have cost. */
  billable: boolean;
}

/** What a replay would call and cost, per lane, without calling anything (`--dry-run`). */
export function estimateReplay(db: Db, samples: readonly Sample[], lanes: LanesConfig, useCache: boolean): LaneEstimate[] {
  const calls = callStore(db);
  return Object.entries(lanes).map(([name, lane]) => {
    const pricing = resolvePricing(lane.model, lane.pricing);
    const bound = effectiveMaxOutputTokens(lane) ?? UNBOUNDED_OUTPUT_ESTIMATE;
    const estimate: LaneEstimate = { lane: name, provider: lane.provider, model: lane.model, calls: 0, cached: 0, inputTokens: 0, outputTokens: 0, billable: lane.provider !== 'recorded' };
    let boundTokens = 0;
    for (const sample of samples) {
      const request = laneRequest(sample, lane);
      if (useCache && lane.provider !== 'recorded' && calls.cached(laneRequestHash(name, lane, request, sample))) {
        estimate.cached += 1;
        continue;
      }
      estimate.calls += 1;
      estimate.inputTokens += estimateInputTokens(request);
      const answer = sample.responses[name] ?? Object.values(sample.responses)[0];
      const expected = answer !== undefined ? Math.min(bound, estimateTokens(answer)) : bound;
      estimate.outputTokens += expected;
      // A recorded answer's length is known, not bounded.
      boundTokens += lane.provider === 'recorded' ? expected : bound;
    }
    if (pricing) {
      estimate.costUsd = costUsd(pricing, estimate.inputTokens, estimate.outputTokens);
      estimate.maxCostUsd = costUsd(pricing, estimate.inputTokens, boundTokens);
    }
    return estimate;
  });
}

export function formatEstimates(estimates: readonly LaneEstimate[]): string {
  const rows = estimates.map((e) => [
    e.lane,
    `${e.provider}:${e.model}`,
    String(e.calls),
    String(e.cached),
    String(e.inputTokens),
    String(e.outputTokens),
    e.costUsd === undefined ? 'unknown (no pricing)' : `$${e.costUsd.toFixed(4)}${e.billable ? '' : ' (recorded, not paid)'}`,
    e.maxCostUsd === undefined ? '-' : `$${e.maxCostUsd.toFixed(4)}`,
  ]);
  return table([['lane', 'model', 'calls', 'cached', 'est. input tok', 'est. output tok', 'est. cost', 'max cost'], ...rows]);
}
