import { describe, expect, it } from 'vitest';
import { candidateKs, chooseK } from '../../src/cluster/chooseK.js';
import { fitKMeans, keptClusters, kmeansObjective } from '../../src/cluster/fit.js';
import { kmeansPlusPlus } from '../../src/cluster/kmeanspp.js';
import { clusterLabelTerms } from '../../src/cluster/labels.js';
import { sampleIndices, mulberry32 } from '../../src/domain/random.js';
import { cosineSilhouette } from '../../src/cluster/silhouette.js';
import { clusterRadii, NearestRows, orderBySize } from '../../src/cluster/stats.js';
import { assignNearest, normalizeRows } from '../../src/cluster/vectors.js';

/** `groups` well-separated blobs of unit vectors: each group near its own random direction. */
function blobs(groups: number, perGroup: number, dims: number, spread: number, seed = 3): Float32Array {
  const random = mulberry32(seed);
  const centres = Array.from({ length: groups }, () => Array.from({ length: dims }, () => random() - 0.5));
  const flat = new Float32Array(groups * perGroup * dims);
  for (let i = 0; i < groups * perGroup; i++) {
    const centre = centres[i % groups]!;
    for (let d = 0; d < dims; d++) flat[i * dims + d] = centre[d]! + (random() - 0.5) * spread;
  }
  normalizeRows(flat, groups * perGroup, dims);
  return flat;
}

describe('k-means core', () => {
  it('is deterministic for a seed', () => {
    const flat = blobs(5, 40, 16, 0.6);
    const a = fitKMeans(flat, 200, 16, { k: 5, random: mulberry32(9), maxIterations: 50 });
    const b = fitKMeans(flat, 200, 16, { k: 5, random: mulberry32(9), maxIterations: 50 });
    expect(a.centroids).toEqual(b.centroids);
    expect(kmeansPlusPlus(flat, 200, 16, 5, mulberry32(4))).toEqual(kmeansPlusPlus(flat, 200, 16, 5, mulberry32(4)));
  });

  it('returns unit centroids and an objective no worse than a single cluster', () => {
    const flat = blobs(3, 30, 8, 0.4);
    const fit = fitKMeans(flat, 90, 8, { k: 3, random: mulberry32(1), maxIterations: 50 });
    for (let c = 0; c < 3; c++) {
      const row = fit.centroids.subarray(c * 8, c * 8 + 8);
      expect(Math.hypot(...row)).toBeCloseTo(1, 5);
    }
    const single = fitKMeans(flat, 90, 8, { k: 1, random: mulberry32(1), maxIterations: 50 });
    expect(fit.inertia).toBeLessThan(single.inertia / 3);
  });

  it('chooses k by silhouette on well-separated groups', () => {
    for (const groups of [3, 4, 6]) {
      const flat = blobs(groups, 40, 24, 0.5, groups);
      const { k, candidates } = chooseK(flat, groups * 40, 24, {
        population: groups * 40,
        minClusterSize: 5,
        maxK: 10,
        maxIterations: 50,
        random: mulberry32(2),
      });
      expect(k).toBe(groups);
      expect(candidates.length).toBeGreaterThan(3);
    }
  });

  it('derives a sane range of candidate k from n and the minimum cluster size', () => {
    expect(candidateKs(3, { minClusterSize: 5, maxK: 40 })).toEqual([]);
    expect(candidateKs(60, { minClusterSize: 5, maxK: 40 })).toEqual([2, 3, 4, 5]);
    expect(candidateKs(60, { minClusterSize: 20, maxK: 40 })).toEqual([2, 3]);
    const large = candidateKs(1_000_000, { minClusterSize: 5, maxK: 200 });
    expect(large[0]).toBe(2);
    expect(large.at(-1)).toBe(200);
    expect(large.length).toBeLessThanOrEqual(16);
  });

  it('computes the cosine silhouette exactly (against the pairwise definition)', () => {
    const flat = blobs(3, 7, 6, 1.5);
    const n = 21;
    const labels = Int32Array.from({ length: n }, (_, i) => (i * 7) % 3);
    const distance = (i: number, j: number): number => 1 - flat.subarray(i * 6, i * 6 + 6).reduce((s, x, d) => s + x * flat[j * 6 + d]!, 0);
    let expected = 0;
    for (let i = 0; i < n; i++) {
      const mean = (c: number): number => {
        const others = [...Array(n).keys()].filter((j) => j !== i && labels[j] === c);
        return others.reduce((s, j) => s + distance(i, j), 0) / others.length;
      };
      const a = mean(labels[i]!);
      const b = Math.min(...[0, 1, 2].filter((c) => c !== labels[i]).map(mean));
      expected += (b - a) / Math.max(a, b);
    }
    expect(cosineSilhouette(flat, n, 6, labels, 3)).toBeCloseTo(expected / n, 5);
  });

  it('assigns to the nearest centroid with cosine distance', () => {
    const centroids = Float32Array.from([1, 0, 0, 0, 1, 0]);
    expect(assignNearest(centroids, 2, 3, Float32Array.from([0.6, 0.8, 0]))).toEqual({ cluster: 1, distance: expect.closeTo(0.2, 6) });
    expect(assignNearest(centroids, 2, 3, Float32Array.from([0, 0, 1]))).toEqual({ cluster: 0, distance: 1 });
  });

  it('keeps clusters at the minimum size, or the largest alone', () => {
    expect(keptClusters([10, 2, 5, 0], 5)).toEqual([0, 2]);
    expect(keptClusters([1, 3, 2], 5)).toEqual([1]);
  });

  it('samples distinct indices reproducibly', () => {
    const a = sampleIndices(1000, 50, mulberry32(5));
    expect(new Set(a).size).toBe(50);
    expect([...a]).toEqual([...a].sort((x, y) => x - y));
    expect(a).toEqual(sampleIndices(1000, 50, mulberry32(5)));
    expect(sampleIndices(3, 10, mulberry32(5))).toEqual(Int32Array.from([0, 1, 2]));
  });

  it('computes radii, size order and nearest rows per cluster', () => {
    const clusters = Int32Array.from([0, 1, 1, 0, 1]);
    const distances = Float64Array.from([0.1, 0.5, 0.2, 0.3, 0.4]);
    expect(clusterRadii(clusters, distances, 3)).toEqual([0.3, 0.5, 0]);
    expect(orderBySize([2, 3, 3])).toEqual([1, 2, 0]);
    const nearest = new NearestRows(2, 2);
    clusters.forEach((c, i) => nearest.offer(c, i, distances[i]!));
    expect(nearest.of(1)).toEqual([{ row: 2, distance: 0.2 }, { row: 4, distance: 0.4 }]);
    expect(kmeansObjective(Float32Array.from([1, 0, 0, 1]), 2, 2, Float32Array.from([1, 0]), 1)).toBeCloseTo(2, 6);
  });

  it('labels clusters with their distinctive words, not the shared ones', () => {
    const docs = [
      { cluster: 0, text: 'Please refund my invoice' },
      { cluster: 0, text: 'The invoice shows a double charge, refund please' },
      { cluster: 1, text: 'Please write a python function' },
      { cluster: 1, text: 'A python function to sort, please' },
    ];
    const [billing, code] = clusterLabelTerms(docs, 2, 3);
    expect(billing).toEqual(expect.arrayContaining(['invoice', 'refund']));
    expect(code).toEqual(expect.arrayContaining(['python', 'function']));
    expect([...billing!, ...code!]).not.toContain('please');
  });
});
