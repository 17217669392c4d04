import { kmeans } from 'ml-kmeans';

export interface LloydResult {
  /** k*dims, the mean of each cluster's points (not normalised). */
  centroids: Float32Array;
  iterations: number;
  converged: boolean;
}

/**
 * Lloyd iterations by ml-kmeans from the given starting centres (squared Euclidean,
 * which on unit vectors is 2 - 2cos, so this is k-means in cosine geometry). Only the
 * fit sample is copied into the number[][] form ml-kmeans needs.
 */
export function lloyd(
  flat: Float32Array,
  n: number,
  dims: number,
  initial: Float32Array,
  k: number,
  maxIterations: number,
): LloydResult {
  const data = Array.from({ length: n }, (_, i) => Array.from(flat.subarray(i * dims, (i + 1) * dims)));
  const centres = Array.from({ length: k }, (_, c) => Array.from(initial.subarray(c * dims, (c + 1) * dims)));
  const result = kmeans(data, k, { initialization: centres, maxIterations });
  const centroids = new Float32Array(k * dims);
  result.centroids.forEach((centroid, c) => centroids.set(centroid, c * dims));
  return { centroids, iterations: result.iterations, converged: result.converged };
}
