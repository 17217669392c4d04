/** Flat typed-array geometry: a set of vectors is one Float32Array of n*dims values, row after row. */

/** Dot product of two rows; unrolled by four because this loop is where clustering spends its time. */
export function dotAt(a: Float32Array, aOffset: number, b: Float32Array, bOffset: number, dims: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let d = 0;
  for (; d + 3 < dims; d += 4) {
    s0 += a[aOffset + d]! * b[bOffset + d]!;
    s1 += a[aOffset + d + 1]! * b[bOffset + d + 1]!;
    s2 += a[aOffset + d + 2]! * b[bOffset + d + 2]!;
    s3 += a[aOffset + d + 3]! * b[bOffset + d + 3]!;
  }
  for (; d < dims; d++) s0 += a[aOffset + d]! * b[bOffset + d]!;
  return s0 + s1 + s2 + s3;
}

/** Scales every row to unit length in place; all-zero rows stay zero. */
export function normalizeRows(flat: Float32Array, rows: number, dims: number): void {
  for (let r = 0; r < rows; r++) {
    const offset = r * dims;
    const norm = Math.sqrt(dotAt(flat, offset, flat, offset, dims));
    if (norm > 0) for (let d = 0; d < dims; d++) flat[offset + d]! /= norm;
  }
}

/**
 * The centroid nearest a vector in cosine geometry, and the cosine distance (1 - cos)
 * to it. `centroids` holds k unit rows and `vector` is unit length (what every
 * embedder returns); ties go to the lower cluster id. This is the one assignment rule:
 * the clustering stage, its stored assignments and a routing runtime all use it.
 */
export function assignNearest(
  centroids: Float32Array,
  k: number,
  dims: number,
  vector: Float32Array,
): { cluster: number; distance: number } {
  let best = 0;
  let bestDot = -Infinity;
  for (let c = 0; c < k; c++) {
    const dot = dotAt(centroids, c * dims, vector, 0, dims);
    if (dot > bestDot) {
      bestDot = dot;
      best = c;
    }
  }
  return { cluster: best, distance: Math.max(0, 1 - bestDot) };
}

/** assignNearest for row `row` of a flat set, without copying the row out. */
export function assignRow(centroids: Float32Array, k: number, dims: number, flat: Float32Array, row: number): { cluster: number; dot: number } {
  const offset = row * dims;
  let best = 0;
  let bestDot = -Infinity;
  for (let c = 0; c < k; c++) {
    const dot = dotAt(centroids, c * dims, flat, offset, dims);
    if (dot > bestDot) {
      bestDot = dot;
      best = c;
    }
  }
  return { cluster: best, dot: bestDot };
}
