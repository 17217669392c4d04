/**
 * Nearest-rank percentile: the smallest observed value with at least `pct`% of the values
 * at or below it, so p95 is always a value that really happened. Shared by the latency
 * figures, the cluster radii and the HTML histograms so they can never disagree.
 */
export function nearestRankIndex(count: number, pct: number): number {
  // pct * count / 100 rather than (pct / 100) * count: the latter rounds up past exact ranks (28% of 25 = 7.000000000000001).
  return Math.min(count, Math.max(1, Math.ceil((pct * count) / 100))) - 1;
}

/** The nearest-rank percentile of values already sorted ascending; null when empty. */
export function percentileOfSorted(sorted: ArrayLike<number>, pct: number): number | null {
  return sorted.length === 0 ? null : sorted[nearestRankIndex(sorted.length, pct)]!;
}
