import type { DecisionFlipFigures } from '../analysis/gates.js';
import { route } from '../artifact/runtime.js';
import type { RoutingTable } from '../artifact/schema.js';
import type { Sample } from '../domain/sample.js';
import { routeRequest } from './drift.js';

const TOP = 5;

/**
 * Routes every sample through the baseline table and the run's own table (segments and
 * tag included, so overrides and the out-of-distribution rule count) and counts the
 * requests whose lane differs. Exact whatever the two clusterings are: no cluster
 * matching is needed when the requests themselves are compared.
 */
export function decisionFlips(baseline: RoutingTable, current: RoutingTable, samples: readonly Sample[], baselineName: string): DecisionFlipFigures {
  const groups = new Map<string, { cluster: number; from: string; to: string; count: number }>();
  let flipped = 0;
  for (const sample of samples) {
    const request = { ...routeRequest(sample), segments: sample.segments, tag: sample.tag };
    const before = route(baseline, request);
    const after = route(current, request);
    if (before.lane === after.lane) continue;
    flipped++;
    const key = `${after.cluster}\u0000${before.lane}\u0000${after.lane}`;
    const group = groups.get(key) ?? { cluster: after.cluster, from: before.lane, to: after.lane, count: 0 };
    group.count++;
    groups.set(key, group);
  }
  const top = [...groups.values()]
    .sort((a, b) => b.count - a.count || a.cluster - b.cluster)
    .slice(0, TOP)
    .map((g) => ({ ...g, labels: current.clusters[g.cluster]?.labels ?? [] }));
  return { baseline: baselineName, compared: samples.length, flipped, top };
}
