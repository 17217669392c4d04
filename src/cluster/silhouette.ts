import { dotAt } from './vectors.js';

/**
 * Mean silhouette in cosine distance (1 - cos) of unit rows. For unit vectors the mean
 * distance from x to a set S is 1 - x·ΣS/|S|, so per-cluster sums give the exact
 * silhouette in O(n·k·dims) instead of O(n²·dims). Singletons score 0, as usual.
 */
export function cosineSilhouette(flat: Float32Array, n: number, dims: number, labels: Int32Array, k: number): number {
  const sums = new Float64Array(k * dims);
  const counts = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    counts[c]! += 1;
    for (let d = 0; d < dims; d++) sums[c * dims + d]! += flat[i * dims + d]!;
  }
  const dotSum = (i: number, c: number): number => {
    let s = 0;
    for (let d = 0; d < dims; d++) s += flat[i * dims + d]! * sums[c * dims + d]!;
    return s;
  };
  let total = 0;
  for (let i = 0; i < n; i++) {
    const own = labels[i]!;
    if (counts[own]! < 2) continue;
    const self = dotAt(flat, i * dims, flat, i * dims, dims);
    const a = 1 - (dotSum(i, own) - self) / (counts[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) {
      if (c === own || counts[c] === 0) continue;
      b = Math.min(b, 1 - dotSum(i, c) / counts[c]!);
    }
    const scale = Math.max(a, b);
    if (Number.isFinite(b) && scale > 0) total += (b - a) / scale;
  }
  return n === 0 ? 0 : total / n;
}
