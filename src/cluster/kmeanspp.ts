import { dotAt } from './vectors.js';

/**
 * Greedy k-means++ seeding over a flat Float32Array (as scikit-learn does it: each
 * step draws 2 + ln k candidates by D² sampling and keeps the one that lowers the
 * potential most). ml-kmeans' own seeding copies the data into a matrix and dominates
 * the run, so we seed here and hand it the centres. Returns k row indices of `flat`.
 */
export function kmeansPlusPlus(flat: Float32Array, n: number, dims: number, k: number, random: () => number): number[] {
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) norms[i] = dotAt(flat, i * dims, flat, i * dims, dims);
  const squaredDistance = (i: number, j: number): number =>
    Math.max(0, norms[i]! + norms[j]! - 2 * dotAt(flat, i * dims, flat, j * dims, dims));

  const first = Math.floor(random() * n);
  const centres = [first];
  const closest = new Float64Array(n);
  for (let i = 0; i < n; i++) closest[i] = squaredDistance(i, first);
  const trials = 2 + Math.floor(Math.log(k));
  const candidateDistances = new Float64Array(n);
  const bestDistances = new Float64Array(n);

  while (centres.length < Math.min(k, n)) {
    let total = 0;
    for (let i = 0; i < n; i++) total += closest[i]!;
    let bestPotential = Infinity;
    let bestCandidate = -1;
    for (const candidate of drawCandidates(closest, total, trials, random)) {
      let potential = 0;
      for (let i = 0; i < n; i++) {
        const d = Math.min(closest[i]!, squaredDistance(i, candidate));
        candidateDistances[i] = d;
        potential += d;
      }
      if (potential < bestPotential) {
        bestPotential = potential;
        bestCandidate = candidate;
        bestDistances.set(candidateDistances);
      }
    }
    centres.push(bestCandidate);
    closest.set(bestDistances);
  }
  return centres;
}

/** Indices drawn with probability proportional to `weights`; uniform when every weight is zero. */
function drawCandidates(weights: Float64Array, total: number, count: number, random: () => number): number[] {
  const n = weights.length;
  if (!(total > 0)) return Array.from({ length: count }, () => Math.floor(random() * n));
  const targets = Array.from({ length: count }, () => random() * total).sort((a, b) => a - b);
  const drawn: number[] = [];
  let cumulative = 0;
  let t = 0;
  for (let i = 0; i < n && t < targets.length; i++) {
    cumulative += weights[i]!;
    while (t < targets.length && targets[t]! < cumulative) {
      drawn.push(i);
      t++;
    }
  }
  // Rounding can leave the last targets past the final cumulative sum: they land on the last weighted point.
  let last = n - 1;
  while (last > 0 && weights[last] === 0) last--;
  while (drawn.length < count) drawn.push(last);
  return drawn;
}
