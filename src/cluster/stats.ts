import { percentileOfSorted } from '../domain/percentile.js';

/** Per-cluster figures computed from the assignment columns. */

/** The q-quantile (nearest rank) of each cluster's member distances; 0 for an empty cluster. */
export function clusterRadii(clusters: Int32Array, distances: Float64Array, k: number, q = 0.95): number[] {
  const starts = new Int32Array(k + 1);
  for (const c of clusters) starts[c + 1]! += 1;
  for (let c = 0; c < k; c++) starts[c + 1]! += starts[c]!;
  const grouped = new Float64Array(clusters.length);
  const fill = starts.slice(0, k);
  for (let i = 0; i < clusters.length; i++) grouped[fill[clusters[i]!]!++] = distances[i]!;
  return Array.from({ length: k }, (_, c) => {
    const members = grouped.subarray(starts[c]!, starts[c + 1]!).sort();
    return percentileOfSorted(members, q * 100) ?? 0;
  });
}

/** Cluster ids ordered by size, largest first (ties by id), so cluster 0 is always the biggest. */
export function orderBySize(sizes: ArrayLike<number>): number[] {
  return Array.from({ length: sizes.length }, (_, c) => c).sort((a, b) => sizes[b]! - sizes[a]! || a - b);
}

/** Keeps, per cluster, the few rows nearest its centroid (ties to the earlier row). */
export class NearestRows {
  private readonly best: { row: number; distance: number }[][];

  constructor(
    k: number,
    private readonly keep = 3,
  ) {
    this.best = Array.from({ length: k }, () => []);
  }

  offer(cluster: number, row: number, distance: number): void {
    const list = this.best[cluster]!;
    if (list.length === this.keep && distance >= list[list.length - 1]!.distance) return;
    let at = list.length;
    while (at > 0 && list[at - 1]!.distance > distance) at--;
    list.splice(at, 0, { row, distance });
    if (list.length > this.keep) list.pop();
  }

  of(cluster: number): { row: number; distance: number }[] {
    return this.best[cluster]!;
  }
}
