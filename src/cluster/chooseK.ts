import { fitKMeans, keptClusters, labelRows, selectRows } from './fit.js';
import { cosineSilhouette } from './silhouette.js';

export interface KCandidate {
  k: number;
  /** Clusters left after merging the ones under the minimum size. */
  effectiveK: number;
  silhouette: number;
}

/**
 * The k values `auto` tries: 2 up to the smallest of maxK, √(n/2) (the usual rule of
 * thumb for the number of clusters) and n / minClusterSize; every value when the
 * range is short, otherwise about 16 values spaced geometrically. Empty below 2.
 */
export function candidateKs(n: number, options: { minClusterSize: number; maxK: number }): number[] {
  const upper = Math.min(options.maxK, Math.floor(Math.sqrt(n / 2)), Math.floor(n / options.minClusterSize));
  if (upper < 2) return [];
  if (upper - 2 <= 15) return Array.from({ length: upper - 1 }, (_, i) => i + 2);
  const ks = new Set<number>();
  const steps = 15;
  for (let s = 0; s <= steps; s++) ks.add(Math.round(2 * Math.pow(upper / 2, s / steps)));
  return [...ks].sort((a, b) => a - b);
}

/** Lloyd iterations per candidate: enough to rank candidates, a fraction of a full fit's cost. */
const CANDIDATE_ITERATIONS = 25;

/**
 * Chooses k by mean cosine silhouette: each candidate is fitted on the given rows (a
 * subsample of the data), clusters under the minimum size (scaled to the subsample)
 * are merged, and the merged labelling is scored. Ties go to the smaller k.
 */
export function chooseK(
  flat: Float32Array,
  n: number,
  dims: number,
  options: { population: number; minClusterSize: number; maxK: number; maxIterations: number; random: () => number },
): { k: number; candidates: KCandidate[] } {
  const ks = candidateKs(options.population, options).filter((k) => k < n);
  if (ks.length === 0) return { k: 1, candidates: [] };
  const scaledMin = Math.max(1, Math.round((options.minClusterSize * n) / options.population));
  const candidates: KCandidate[] = [];
  for (const k of ks) {
    const maxIterations = Math.min(options.maxIterations, CANDIDATE_ITERATIONS);
    const fit = fitKMeans(flat, n, dims, { k, random: options.random, maxIterations });
    let labels = labelRows(flat, n, dims, fit.centroids, fit.k);
    const kept = keptClusters(sizesOf(labels, fit.k), scaledMin);
    if (kept.length < fit.k) labels = labelRows(flat, n, dims, selectRows(fit.centroids, dims, kept), kept.length);
    const silhouette = kept.length < 2 ? 0 : cosineSilhouette(flat, n, dims, labels, kept.length);
    candidates.push({ k, effectiveK: kept.length, silhouette: Math.round(silhouette * 1e4) / 1e4 });
  }
  const best = candidates.reduce((a, b) => (b.silhouette > a.silhouette ? b : a));
  return { k: best.k, candidates };
}

export function sizesOf(labels: Int32Array, k: number): Int32Array {
  const sizes = new Int32Array(k);
  for (const label of labels) sizes[label]! += 1;
  return sizes;
}
