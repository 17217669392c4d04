import { kmeansPlusPlus } from './kmeanspp.js';
import { lloyd } from './lloyd.js';
import { assignRow, dotAt, normalizeRows } from './vectors.js';

export interface FitResult {
  k: number;
  /** k unit rows: the directions of the cluster means. */
  centroids: Float32Array;
  /** Sum of squared Euclidean distances of the points to their cluster means (the k-means objective). */
  inertia: number;
  iterations: number;
  converged: boolean;
}

/** k-means on unit rows: our k-means++ seeding, then ml-kmeans' Lloyd iterations. k is capped at n. */
export function fitKMeans(
  flat: Float32Array,
  n: number,
  dims: number,
  options: { k: number; random: () => number; maxIterations: number },
): FitResult {
  const k = Math.max(1, Math.min(options.k, n));
  const seeds = kmeansPlusPlus(flat, n, dims, k, options.random);
  const initial = new Float32Array(k * dims);
  seeds.forEach((row, c) => initial.set(flat.subarray(row * dims, (row + 1) * dims), c * dims));
  const result = lloyd(flat, n, dims, initial, k, options.maxIterations);
  const inertia = kmeansObjective(flat, n, dims, result.centroids, k);
  normalizeRows(result.centroids, k, dims);
  return { k, centroids: result.centroids, inertia, iterations: result.iterations, converged: result.converged };
}

/** Σ min_c |x - c|² over the rows: the objective both our fit and a reference fit are compared on. */
export function kmeansObjective(flat: Float32Array, n: number, dims: number, centroids: Float32Array, k: number): number {
  const centroidNorms = new Float64Array(k);
  for (let c = 0; c < k; c++) centroidNorms[c] = dotAt(centroids, c * dims, centroids, c * dims, dims);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const norm = dotAt(flat, i * dims, flat, i * dims, dims);
    let best = Infinity;
    for (let c = 0; c < k; c++) best = Math.min(best, norm + centroidNorms[c]! - 2 * dotAt(flat, i * dims, centroids, c * dims, dims));
    total += Math.max(0, best);
  }
  return total;
}

/** Nearest-centroid label of every row (cosine, ties to the lower id). */
export function labelRows(flat: Float32Array, n: number, dims: number, centroids: Float32Array, k: number): Int32Array {
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) labels[i] = assignRow(centroids, k, dims, flat, i).cluster;
  return labels;
}

/**
 * The clusters that stay: those with at least `minSize` members; when none does, the
 * largest alone. Members of the others go to their nearest remaining centroid. Since
 * kept clusters only gain members, one round is enough.
 */
export function keptClusters(sizes: ArrayLike<number>, minSize: number): number[] {
  const kept: number[] = [];
  let largest = 0;
  for (let c = 0; c < sizes.length; c++) {
    if (sizes[c]! >= minSize) kept.push(c);
    if (sizes[c]! > sizes[largest]!) largest = c;
  }
  return kept.length > 0 ? kept : [largest];
}

/** The rows of `centroids` listed in `clusters`, in that order. */
export function selectRows(centroids: Float32Array, dims: number, clusters: readonly number[]): Float32Array {
  const selected = new Float32Array(clusters.length * dims);
  clusters.forEach((c, i) => selected.set(centroids.subarray(c * dims, (c + 1) * dims), i * dims));
  return selected;
}
