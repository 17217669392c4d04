import type { JudgedSample, LaneInfo, Proportion, RoutingPolicy } from '../domain/analysis.js';
import { candidateLanes, laneVerdict, passes, referenceLane } from './lanes.js';
import { mean, percentile, proportion, zForConfidence } from './stats.js';

export interface LaneClusterStats {
  lane: string;
  isReference: boolean;
  /** Samples with a call on this lane, and how many of those calls succeeded. */
  calls: number;
  okCalls: number;
  meanCostUsd: number | null;
  /** Nearest-rank percentiles over successful calls. */
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  /** Mean recorded quality (labels/scores), when the traffic has them. */
  meanQuality: number | null;
  /** Candidate lanes only: verdicts against the reference and the pass rate. */
  verdicts?: { better: number; tie: number; worse: number };
  pass?: Proportion;
  /** Candidate lanes only: reference mean cost minus this lane's, per request, and as a share of the reference's. */
  savingPerRequestUsd?: number | null;
  savingShare?: number | null;
}

export interface ClusterStats {
  cluster: number;
  n: number;
  /** Share of all the samples given. */
  share: number;
  /** Samples with at least one verdict. */
  judged: number;
  /** Reference lane first, then candidates cheapest first. */
  lanes: LaneClusterStats[];
}

export type PassRateOptions = Pick<RoutingPolicy, 'tiesPass' | 'confidence'>;

/** Judged samples of one lane and how many passed, with the Wilson interval. */
export function lanePassRate(samples: readonly JudgedSample[], lane: string, tiesPass: boolean, z: number): Proportion {
  let judged = 0;
  let passed = 0;
  for (const s of samples) {
    const v = laneVerdict(s, lane);
    if (v === undefined) continue;
    judged++;
    if (passes(v, tiesPass)) passed++;
  }
  return proportion(passed, judged, z);
}

/** Samples grouped by cluster id, in ascending cluster order. */
export function byCluster(samples: readonly JudgedSample[]): Map<number, JudgedSample[]> {
  const groups = new Map<number, JudgedSample[]>();
  for (const s of samples) {
    const g = groups.get(s.cluster);
    if (g) g.push(s);
    else groups.set(s.cluster, [s]);
  }
  return new Map([...groups.entries()].sort((a, b) => a[0] - b[0]));
}

/** Per-cluster statistics: sizes, pass rates of every candidate lane, cost, latency and saving per lane. */
export function clusterStats(samples: readonly JudgedSample[], lanes: readonly LaneInfo[], options: PassRateOptions): ClusterStats[] {
  const z = zForConfidence(options.confidence);
  const ref = referenceLane(lanes);
  const candidates = candidateLanes(lanes);
  return [...byCluster(samples).entries()].map(([cluster, members]) => {
    const refStats = laneStats(members, ref.name, true);
    const laneRows = candidates.map((lane) => {
      const row = laneStats(members, lane.name, false);
      const verdicts = { better: 0, tie: 0, worse: 0 };
      for (const s of members) {
        const v = laneVerdict(s, lane.name);
        if (v === 'cheap_better') verdicts.better++;
        else if (v === 'tie') verdicts.tie++;
        else if (v === 'cheap_worse') verdicts.worse++;
      }
      const saving = refStats.meanCostUsd !== null && row.meanCostUsd !== null ? refStats.meanCostUsd - row.meanCostUsd : null;
      return {
        ...row,
        verdicts,
        pass: lanePassRate(members, lane.name, options.tiesPass, z),
        savingPerRequestUsd: saving,
        savingShare: saving !== null && refStats.meanCostUsd ? saving / refStats.meanCostUsd : null,
      };
    });
    return {
      cluster,
      n: members.length,
      share: members.length / samples.length,
      judged: members.filter((s) => Object.values(s.verdicts).some((v) => v !== undefined)).length,
      lanes: [refStats, ...laneRows],
    };
  });
}

function laneStats(members: readonly JudgedSample[], lane: string, isReference: boolean): LaneClusterStats {
  const outcomes = members.flatMap((s) => (s.lanes[lane] ? [s.lanes[lane]] : []));
  const ok = outcomes.filter((o) => o.ok);
  const qualities = outcomes.flatMap((o) => (o.quality === undefined ? [] : [o.quality]));
  return {
    lane,
    isReference,
    calls: outcomes.length,
    okCalls: ok.length,
    meanCostUsd: mean(outcomes.map((o) => o.costUsd)),
    latencyP50Ms: percentile(ok.map((o) => o.latencyMs), 50),
    latencyP95Ms: percentile(ok.map((o) => o.latencyMs), 95),
    meanQuality: mean(qualities),
  };
}
