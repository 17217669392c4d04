import type {
  ClusterDecision,
  ClusterGeometry,
  JudgedSample,
  LaneEvidence,
  LaneInfo,
  RoutingDecisions,
  RoutingPolicy,
  SegmentOverride,
} from '../domain/analysis.js';
import { candidateLanes, referenceLane } from './lanes.js';
import { byCluster, lanePassRate } from './passRates.js';
import { zForConfidence } from './stats.js';

/** The bar a cluster must clear after tag overrides. */
export interface ClusterBar {
  passThreshold: number;
  minSamples: number;
  /** Tags whose override made the bar stricter than the global one. */
  governingTags: string[];
}

/**
 * The bar for a cluster's samples. Rule: every tag holding at least `tagShareMin` of the
 * cluster (untagged samples form one more group, held to the global bar) contributes its
 * bar; the strictest threshold and the largest minimum apply. So a high-value tag that is
 * a real part of the cluster raises the bar, and a tag that may pass more easily lowers it
 * only when it (and other equally lenient tags) make up essentially the whole cluster.
 */
export function clusterBar(members: readonly JudgedSample[], policy: RoutingPolicy): ClusterBar {
  const counts = new Map<string | undefined, number>();
  for (const s of members) counts.set(s.tag, (counts.get(s.tag) ?? 0) + 1);
  const groups = [...counts.entries()].filter(([, c]) => c / members.length >= policy.tagShareMin).map(([tag]) => tag);
  if (groups.length === 0) return { passThreshold: policy.passThreshold, minSamples: policy.minSamples, governingTags: [] };
  const barOf = (tag: string | undefined) => {
    const o = tag === undefined ? undefined : policy.tagOverrides[tag];
    return { tag, passThreshold: o?.passThreshold ?? policy.passThreshold, minSamples: o?.minSamples ?? policy.minSamples };
  };
  const bars = groups.map(barOf);
  const passThreshold = Math.max(...bars.map((b) => b.passThreshold));
  const minSamples = Math.max(...bars.map((b) => b.minSamples));
  const governingTags = bars
    .filter(
      (b) =>
        b.tag !== undefined &&
        ((passThreshold !== policy.passThreshold && b.passThreshold === passThreshold) ||
          (minSamples !== policy.minSamples && b.minSamples === minSamples)),
    )
    .map((b) => b.tag as string)
    .sort();
  return { passThreshold, minSamples, governingTags };
}

/**
 * The routing decision per cluster: the cheapest lane (cheaper than the reference) whose
 * pass-rate lower bound reaches the cluster's threshold with at least minSamples judged;
 * otherwise the reference lane. Clusters known only from `geometry` (no samples) go to the
 * reference. Overrides are empty here: segment analysis adds them (see withOverrides).
 */
export function decideRouting(
  samples: readonly JudgedSample[],
  lanes: readonly LaneInfo[],
  policy: RoutingPolicy,
  geometry: readonly ClusterGeometry[] = [],
): RoutingDecisions {
  const ref = referenceLane(lanes).name;
  const candidates = candidateLanes(lanes);
  const z = zForConfidence(policy.confidence);
  const groups = byCluster(samples);
  const radii = new Map(geometry.map((g) => [g.cluster, g.radius]));
  const ids = [...new Set([...groups.keys(), ...radii.keys()])].sort((a, b) => a - b);
  const clusters = ids.map((cluster): ClusterDecision => {
    const members = groups.get(cluster) ?? [];
    const bar = clusterBar(members, policy);
    const evidence = candidates.map((lane): LaneEvidence => {
      const pass = lanePassRate(members, lane.name, policy.tiesPass, z);
      if (pass.n < bar.minSamples) return { lane: lane.name, judged: pass.n, pass, clears: false, shortfall: 'too_few_judged' };
      if (pass.low < bar.passThreshold) return { lane: lane.name, judged: pass.n, pass, clears: false, shortfall: 'below_threshold' };
      return { lane: lane.name, judged: pass.n, pass, clears: true };
    });
    const chosen = evidence.find((e) => e.clears);
    return {
      cluster,
      lane: chosen?.lane ?? ref,
      reason: chosen ? 'cleared' : candidates.length === 0 ? 'reference_only' : 'no_lane_cleared',
      n: members.length,
      share: samples.length === 0 ? 0 : members.length / samples.length,
      ...bar,
      radius: radii.get(cluster) ?? null,
      evidence,
    };
  });
  return { referenceLane: ref, clusters, overrides: [] };
}

/** The same table with these segment overrides (replacing any it had). */
export function withOverrides(decisions: RoutingDecisions, overrides: readonly SegmentOverride[]): RoutingDecisions {
  return { ...decisions, overrides: [...overrides] };
}

export type RouteReason = 'cluster_decision' | 'segment_override' | 'out_of_distribution' | 'unknown_cluster';

export interface SampleRoute {
  lane: string;
  cluster: number;
  reason: RouteReason;
}

export type RoutableSample = Pick<JudgedSample, 'cluster' | 'distance' | 'segments' | 'tag'>;

/**
 * Where the table sends one sample: unknown cluster or farther than the cluster radius ->
 * reference; then a matching segment override; then the cluster's decision.
 */
export function routeSample(decisions: RoutingDecisions, sample: RoutableSample): SampleRoute {
  const { cluster } = sample;
  const decision = decisions.clusters.find((d) => d.cluster === cluster);
  if (!decision) return { lane: decisions.referenceLane, cluster, reason: 'unknown_cluster' };
  if (decision.radius !== null && sample.distance > decision.radius) {
    return { lane: decisions.referenceLane, cluster, reason: 'out_of_distribution' };
  }
  const override = decisions.overrides.find(
    (o) =>
      o.cluster === cluster &&
      (o.source === 'tag' ? sample.tag === o.value : sample.segments[o.attribute] === o.value),
  );
  if (override) return { lane: override.lane, cluster, reason: 'segment_override' };
  return { lane: decision.lane, cluster, reason: 'cluster_decision' };
}
