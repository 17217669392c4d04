import { describe, expect, it } from 'vitest';
import { clusterDrift, mixShift, mulberry32, psiNoiseFloor, segmentMixShift } from '../../src/analysis/index.js';

/** n cluster assignments drawn from a share vector. */
function draw(shares: number[], n: number, seed: number): { cluster: number; distance: number }[] {
  const rand = mulberry32(seed);
  return Array.from({ length: n }, () => {
    let u = rand();
    let cluster = 0;
    while (cluster < shares.length - 1 && u >= shares[cluster]!) u -= shares[cluster++]!;
    return { cluster, distance: rand() };
  });
}

const countsOf = (assignments: { cluster: number }[]) => {
  const out: Record<string, number> = {};
  for (const a of assignments) out[a.cluster] = (out[a.cluster] ?? 0) + 1;
  return out;
};

describe('mixShift', () => {
  it('computes PSI and total variation by hand', () => {
    const m = mixShift({ a: 50, b: 50 }, { a: 70, b: 30 });
    // 0.2 ln(0.7/0.5) + (-0.2) ln(0.3/0.5)
    expect(m.psi).toBeCloseTo(0.2 * Math.log(1.4) - 0.2 * Math.log(0.6), 10);
    expect(m.totalVariation).toBeCloseTo(0.2, 12);
    expect(m.categories.map((c) => c.key).sort()).toEqual(['a', 'b']);
    expect(mixShift({ a: 1, b: 3 }, { a: 10, b: 30 }).psi).toBe(0);
  });

  it('stays finite when a category exists on one side only', () => {
    const m = mixShift({ a: 100 }, { a: 50, b: 50 });
    expect(Number.isFinite(m.psi)).toBe(true);
    expect(m.psi).toBeGreaterThan(1);
    expect(m.totalVariation).toBeCloseTo(0.5, 12);
  });
});

describe('clusterDrift', () => {
  const shares = [0.3, 0.25, 0.2, 0.15, 0.1];
  const geometry = shares.map((_, cluster) => ({ cluster, radius: 0.95 }));
  const baseline = countsOf(draw(shares, 2000, 1));

  it('raises no alarm on a resample from the same distribution', () => {
    for (let seed = 2; seed < 7; seed++) {
      const d = clusterDrift(baseline, draw(shares, 1000, seed), geometry);
      expect(d.psi, `seed ${seed}`).toBeLessThan(0.1);
      expect(d.psi).toBeLessThan(5 * d.noiseFloor);
    }
  });

  it('reports a planted shift, with the clusters that moved most first', () => {
    const d = clusterDrift(baseline, draw([0.1, 0.25, 0.2, 0.15, 0.3], 1000, 9), geometry, { top: 2 });
    expect(d.psi).toBeGreaterThan(0.25);
    expect(d.movers.map((m) => m.key).sort()).toEqual(['0', '4']);
    expect(d.categories.reduce((s, c) => s + c.psi, 0)).toBeCloseTo(d.psi, 12);
  });

  it('counts prompts beyond the radius, or in unknown clusters, as out of distribution', () => {
    const d = clusterDrift({ 0: 1 }, [
      { cluster: 0, distance: 0.5 },
      { cluster: 0, distance: 1.5 },
      { cluster: 7, distance: 0.1 },
      { cluster: 0, distance: 1 },
    ], [{ cluster: 0, radius: 1 }]);
    expect(d.outOfDistribution).toMatchObject({ k: 2, n: 4, rate: 0.5 });
  });

  it('estimates the noise floor from sizes and categories', () => {
    expect(psiNoiseFloor(5, 1000, 500)).toBeCloseTo(4 * (0.001 + 0.002), 12);
    expect(psiNoiseFloor(5, Infinity, 500)).toBeCloseTo(4 * 0.002, 12);
  });
});

describe('segmentMixShift', () => {
  it('compares each attribute and the tag mix, with missing values as their own category', () => {
    const before = [
      { segments: { locale: 'en' }, tag: 'faq' },
      { segments: { locale: 'de' }, tag: 'faq' },
    ];
    const after: { segments: Record<string, string>; tag: string }[] = [
      { segments: { locale: 'en' }, tag: 'faq' },
      { segments: {}, tag: 'faq' },
    ];
    const shifts = segmentMixShift(before, after);
    expect(shifts.map((s) => [s.source, s.attribute])).toEqual([
      ['segment', 'locale'],
      ['tag', 'tag'],
    ]);
    expect(shifts[0]!.totalVariation).toBeCloseTo(0.5, 12);
    expect(shifts[0]!.categories.map((c) => c.key).sort()).toEqual(['(missing)', 'de', 'en']);
    expect(shifts[1]!.psi).toBe(0);
  });
});
