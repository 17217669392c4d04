import type { Proportion, RoutingDecisions } from '../domain/analysis.js';
import { cosine } from '../domain/vectors.js';
import type { ClusterStats } from './passRates.js';
import type { SegmentFlag } from './segments.js';
import { benjaminiHochberg, twoProportionTest } from './stats.js';

/** Run-to-run comparison helpers (issue 8, `runs diff`). */

/** Centroids of one clustering share its embedder's dimensions (runs with different embedders are never matched). */
export { cosine as cosineSimilarity };

export interface ClusterCentroid {
  cluster: number;
  centroid: readonly number[];
}

export interface ClusterMatch {
  a: number;
  b: number;
  similarity: number;
}

export interface ClusterMatching {
  pairs: ClusterMatch[];
  unmatchedA: number[];
  unmatchedB: number[];
  /** Mean and minimum cosine similarity of the matched pairs (null when none matched). */
  meanSimilarity: number | null;
  minSimilarity: number | null;
}

/**
 * Minimum-cost assignment (Hungarian algorithm, O(n^2 m)) for an n x m cost matrix with
 * n <= m: returns for each row the column assigned.
 */
function hungarian(cost: readonly (readonly number[])[]): number[] {
  const n = cost.length;
  const m = cost[0]?.length ?? 0;
  const u = new Array<number>(n + 1).fill(0);
  const v = new Array<number>(m + 1).fill(0);
  const p = new Array<number>(m + 1).fill(0);
  const way = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Array<number>(m + 1).fill(Infinity);
    const used = new Array<boolean>(m + 1).fill(false);
    do {
      used[j0] = true;
      const i0 = p[j0]!;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = cost[i0 - 1]![j - 1]! - u[i0]! - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j]!] = u[p[j]!]! + delta;
          v[j] = v[j]! - delta;
        } else minv[j] = minv[j]! - delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0]!;
      p[j0] = p[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  const assignment = new Array<number>(n).fill(-1);
  for (let j = 1; j <= m; j++) if (p[j]! > 0) assignment[p[j]! - 1] = j - 1;
  return assignment;
}

/**
 * Matches the clusters of two clusterings by centroid cosine similarity, maximising the
 * total similarity (Hungarian algorithm); the larger side keeps unmatched clusters.
 */
export function matchClusters(a: readonly ClusterCentroid[], b: readonly ClusterCentroid[]): ClusterMatching {
  const swap = a.length > b.length;
  const rows = swap ? b : a;
  const cols = swap ? a : b;
  const sim = rows.map((r) => cols.map((c) => cosine(r.centroid, c.centroid)));
  const assignment = rows.length === 0 ? [] : hungarian(sim.map((row) => row.map((s) => 1 - s)));
  const pairs = assignment
    .map((j, i) => {
      const similarity = sim[i]![j]!;
      const [ca, cb] = swap ? [cols[j]!, rows[i]!] : [rows[i]!, cols[j]!];
      return { a: ca.cluster, b: cb.cluster, similarity };
    })
    .sort((x, y) => x.a - y.a);
  const matchedA = new Set(pairs.map((p) => p.a));
  const matchedB = new Set(pairs.map((p) => p.b));
  const sims = pairs.map((p) => p.similarity);
  return {
    pairs,
    unmatchedA: a.map((c) => c.cluster).filter((c) => !matchedA.has(c)),
    unmatchedB: b.map((c) => c.cluster).filter((c) => !matchedB.has(c)),
    meanSimilarity: sims.length ? sims.reduce((x, y) => x + y, 0) / sims.length : null,
    minSimilarity: sims.length ? Math.min(...sims) : null,
  };
}

/** Pairs of identical clusterings (same ids, similarity 1), when both runs share one clustering. */
export function identityMatching(clusters: readonly number[]): ClusterMatch[] {
  return clusters.map((c) => ({ a: c, b: c, similarity: 1 }));
}

export interface PassRateChange {
  a: number;
  b: number;
  similarity: number;
  before: Proportion;
  after: Proportion;
  /** after - before. */
  diff: number;
  p: number;
  /** Benjamini-Hochberg across the matched clusters. */
  q: number;
  significant: boolean;
}

/** Pass-rate change of one lane per matched cluster, with a two-proportion test and BH. */
export function passRateChanges(
  before: readonly ClusterStats[],
  after: readonly ClusterStats[],
  pairs: readonly ClusterMatch[],
  lane: string,
  maxQ = 0.05,
): PassRateChange[] {
  const passOf = (stats: readonly ClusterStats[], cluster: number) =>
    stats.find((s) => s.cluster === cluster)?.lanes.find((l) => l.lane === lane)?.pass;
  const rows = pairs.flatMap((pair) => {
    const b = passOf(before, pair.a);
    const a = passOf(after, pair.b);
    if (!b || !a) return [];
    const t = twoProportionTest(a.k, a.n, b.k, b.n);
    return [{ ...pair, before: b, after: a, diff: t.diff, p: t.p }];
  });
  const q = benjaminiHochberg(rows.map((r) => r.p));
  return rows.map((r, i) => ({ ...r, q: q[i]!, significant: q[i]! < maxQ }));
}

export interface DecisionFlip {
  a: number;
  b: number;
  similarity: number;
  laneBefore: string;
  laneAfter: string;
  /** The later run's traffic share of the cluster. */
  share: number;
}

export interface DecisionFlips {
  flips: DecisionFlip[];
  matched: number;
  /** Flipped clusters over matched clusters, and the later run's traffic in flipped clusters. */
  flipShare: number;
  flipTrafficShare: number;
}

/** Matched clusters whose routing decision changed lane. */
export function flippedDecisions(before: RoutingDecisions, after: RoutingDecisions, pairs: readonly ClusterMatch[]): DecisionFlips {
  let matched = 0;
  const flips: DecisionFlip[] = [];
  for (const pair of pairs) {
    const b = before.clusters.find((d) => d.cluster === pair.a);
    const a = after.clusters.find((d) => d.cluster === pair.b);
    if (!a || !b) continue;
    matched++;
    if (a.lane !== b.lane) flips.push({ ...pair, laneBefore: b.lane, laneAfter: a.lane, share: a.share });
  }
  return {
    flips,
    matched,
    flipShare: matched === 0 ? 0 : flips.length / matched,
    flipTrafficShare: flips.reduce((sum, f) => sum + f.share, 0),
  };
}

/** Segment flags that appeared in the later run and those that cleared. */
export function flagChanges(before: readonly SegmentFlag[], after: readonly SegmentFlag[]): { appeared: SegmentFlag[]; cleared: SegmentFlag[] } {
  const key = (f: SegmentFlag) => JSON.stringify([f.kind, f.source, f.attribute, f.value]);
  const beforeKeys = new Set(before.map(key));
  const afterKeys = new Set(after.map(key));
  return { appeared: after.filter((f) => !beforeKeys.has(key(f))), cleared: before.filter((f) => !afterKeys.has(key(f))) };
}
