import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ROUTING_POLICY,
  DEFAULT_SEGMENT_POLICY,
  clusterStats,
  cosineSimilarity,
  decideRouting,
  flagChanges,
  flippedDecisions,
  matchClusters,
  mulberry32,
  passRateChanges,
  segmentReport,
} from '../../src/analysis/index.js';
import { TWO_LANES, many, syntheticTraffic } from './fixtures.js';

function permutations(n: number): number[][] {
  if (n === 1) return [[0]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
}

describe('matchClusters', () => {
  it('recovers a relabelled clustering exactly', () => {
    const a = [
      { cluster: 0, centroid: [1, 0, 0] },
      { cluster: 1, centroid: [0, 1, 0] },
      { cluster: 2, centroid: [0, 0, 1] },
    ];
    const b = [
      { cluster: 5, centroid: [0, 0, 2] },
      { cluster: 6, centroid: [3, 0.1, 0] },
      { cluster: 7, centroid: [0, 1, 0] },
    ];
    const m = matchClusters(a, b);
    expect(m.pairs.map((p) => [p.a, p.b])).toEqual([
      [0, 6],
      [1, 7],
      [2, 5],
    ]);
    expect(m.minSimilarity).toBeGreaterThan(0.99);
    expect(cosineSimilarity([1, 0], [0, 1])).toBe(0);
  });

  it('maximises total similarity (checked against brute force) and reports the unmatched side', () => {
    const rand = mulberry32(4);
    const vec = () => Array.from({ length: 4 }, () => rand() - 0.5);
    for (let trial = 0; trial < 20; trial++) {
      const a = Array.from({ length: 5 }, (_, cluster) => ({ cluster, centroid: vec() }));
      const b = Array.from({ length: 5 }, (_, cluster) => ({ cluster, centroid: vec() }));
      const best = Math.max(
        ...permutations(5).map((perm) => perm.reduce((s, j, i) => s + cosineSimilarity(a[i]!.centroid, b[j]!.centroid), 0)),
      );
      const got = matchClusters(a, b).pairs.reduce((s, p) => s + p.similarity, 0);
      expect(got).toBeCloseTo(best, 10);
    }
    const uneven = matchClusters([{ cluster: 0, centroid: [1, 0] }], [{ cluster: 0, centroid: [0, 1] }, { cluster: 1, centroid: [1, 0.1] }]);
    expect(uneven.pairs.map((p) => [p.a, p.b])).toEqual([[0, 1]]);
    expect(uneven.unmatchedB).toEqual([0]);
    const reversed = matchClusters([{ cluster: 0, centroid: [0, 1] }, { cluster: 1, centroid: [1, 0.1] }], [{ cluster: 9, centroid: [1, 0] }]);
    expect(reversed.pairs.map((p) => [p.a, p.b])).toEqual([[1, 9]]);
    expect(reversed.unmatchedA).toEqual([0]);
    expect(matchClusters([], []).meanSimilarity).toBeNull();
  });
});

describe('run diff', () => {
  const before = [...many(60, { cluster: 0, verdict: 'tie' }), ...many(60, { cluster: 1, verdict: 'tie' })];
  const after = [
    ...many(60, { cluster: 0, verdict: 'tie' }),
    ...many(40, { cluster: 1, verdict: 'tie' }),
    ...many(20, { cluster: 1, verdict: 'cheap_worse' }),
  ];
  const pairs = [
    { a: 0, b: 0, similarity: 1 },
    { a: 1, b: 1, similarity: 0.97 },
  ];

  it('finds a planted pass-rate drop significant and the decision that flipped', () => {
    const changes = passRateChanges(clusterStats(before, TWO_LANES, DEFAULT_ROUTING_POLICY), clusterStats(after, TWO_LANES, DEFAULT_ROUTING_POLICY), pairs, 'cheap');
    expect(changes.map((c) => [c.a, c.significant])).toEqual([
      [0, false],
      [1, true],
    ]);
    expect(changes[1]!.diff).toBeCloseTo(-1 / 3, 12);
    const flips = flippedDecisions(
      decideRouting(before, TWO_LANES, DEFAULT_ROUTING_POLICY),
      decideRouting(after, TWO_LANES, DEFAULT_ROUTING_POLICY),
      pairs,
    );
    expect(flips.flips.map((f) => [f.a, f.laneBefore, f.laneAfter])).toEqual([[1, 'cheap', 'strong']]);
    expect(flips.flipShare).toBe(0.5);
    expect(flips.flipTrafficShare).toBe(0.5);
  });

  it('lists segment flags that appeared and cleared', () => {
    const cheapTable = (samples: ReturnType<typeof syntheticTraffic>) => {
      const base = decideRouting(samples, TWO_LANES, DEFAULT_ROUTING_POLICY);
      return { ...base, clusters: base.clusters.map((c) => ({ ...c, lane: 'cheap' })) };
    };
    const clean = syntheticTraffic({ seed: 3, n: 2000, clusters: 3, baseWorse: 0.03 });
    const harmed = syntheticTraffic({ seed: 4, n: 2000, clusters: 3, baseWorse: 0.03, harmed: { locale: 'de-DE', worse: 0.3 } });
    const a = segmentReport(clean, cheapTable(clean), DEFAULT_SEGMENT_POLICY).flags;
    const b = segmentReport(harmed, cheapTable(harmed), DEFAULT_SEGMENT_POLICY).flags;
    const changes = flagChanges(a, b);
    expect(changes.appeared.map((f) => f.value)).toEqual(['de-DE']);
    expect(changes.cleared).toEqual([]);
    expect(flagChanges(b, a).cleared.map((f) => f.value)).toEqual(['de-DE']);
  });
});
