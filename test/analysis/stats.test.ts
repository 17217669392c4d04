import { describe, expect, it } from 'vitest';
import {
  benjaminiHochberg,
  meanEstimate,
  mulberry32,
  normalCdf,
  normalQuantile,
  percentile,
  proportion,
  seededShuffle,
  twoProportionTest,
  wilson,
  zForConfidence,
} from '../../src/analysis/index.js';

describe('wilson', () => {
  it('matches the textbook 8/10 interval', () => {
    const { low, high } = wilson(8, 10);
    expect(low).toBeCloseTo(0.4902, 4);
    expect(high).toBeCloseTo(0.9433, 4);
  });

  it('matches the score-method intervals published by Newcombe (1998), Table I', () => {
    const cases: [number, number, number, number][] = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718],
    ];
    for (const [k, n, lo, hi] of cases) {
      const w = wilson(k, n);
      expect(w.low).toBeCloseTo(lo, 4);
      expect(w.high).toBeCloseTo(hi, 4);
    }
  });

  it('reaches exactly 0 and 1 at the ends and is [0, 1] with no data', () => {
    expect(wilson(0, 10).low).toBe(0);
    expect(wilson(10, 10).high).toBe(1);
    expect(wilson(10, 10).low).toBeCloseTo(0.7225, 4);
    expect(wilson(0, 0)).toEqual({ low: 0, high: 1 });
    expect(proportion(0, 0).rate).toBeNull();
  });

  it('widens with a higher confidence level', () => {
    const z99 = zForConfidence(0.99);
    expect(z99).toBeCloseTo(2.5758, 4);
    expect(wilson(8, 10, z99).low).toBeLessThan(wilson(8, 10).low);
  });
});

describe('normal distribution', () => {
  it('has the familiar quantiles and tail probabilities', () => {
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
    // Relative accuracy in the far tail: 2 * (1 - Phi(6)) = 1.973e-9.
    expect(1 - normalCdf(6)).toBeGreaterThan(0.98e-9);
    expect(1 - normalCdf(6)).toBeLessThan(0.99e-9);
  });
});

describe('twoProportionTest', () => {
  it('computes the pooled z and two-sided p of 45/100 vs 30/100', () => {
    // pooled 0.375, se = sqrt(0.375 * 0.625 * 0.02) = 0.068465, z = 0.15 / se = 2.1909, p = 0.02846
    const t = twoProportionTest(45, 100, 30, 100);
    expect(t.diff).toBeCloseTo(0.15, 10);
    expect(t.z).toBeCloseTo(2.1909, 3);
    expect(t.p).toBeCloseTo(0.02846, 4);
    expect(twoProportionTest(30, 100, 45, 100).z).toBeCloseTo(-2.1909, 3);
  });

  it('finds no evidence with an empty group or a degenerate pooled rate', () => {
    expect(twoProportionTest(0, 0, 5, 10).p).toBe(1);
    expect(twoProportionTest(10, 10, 20, 20).p).toBe(1);
    expect(twoProportionTest(0, 10, 0, 20).p).toBe(1);
  });
});

describe('benjaminiHochberg', () => {
  it('reproduces the 15-hypothesis example of Benjamini & Hochberg (1995), rejecting the first four at 0.05', () => {
    const p = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528, 0.759, 1];
    // q(i) = min over j >= i of 15 p(j) / j, computed by hand.
    const expected = [0.0015, 0.003, 0.0095, 0.035625, 0.0603, 0.063857, 0.063857, 0.0645, 0.0765, 0.486, 0.58118, 0.714875, 0.75323, 0.81321, 1];
    const q = benjaminiHochberg(p);
    q.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
    expect(q.filter((v) => v < 0.05)).toHaveLength(4);
  });

  it('keeps the input order and handles an empty family', () => {
    expect(benjaminiHochberg([0.04, 0.01])).toEqual([0.04, 0.02]);
    expect(benjaminiHochberg([])).toEqual([]);
  });
});

describe('percentile (nearest rank)', () => {
  it('returns an observed value: the Wikipedia nearest-rank example', () => {
    const values = [15, 20, 35, 40, 50];
    expect(percentile(values, 5)).toBe(15);
    expect(percentile(values, 30)).toBe(20);
    expect(percentile(values, 40)).toBe(20);
    expect(percentile(values, 50)).toBe(35);
    expect(percentile(values, 100)).toBe(50);
    expect(percentile(values, 0)).toBe(15);
    expect(percentile([], 95)).toBeNull();
  });

  it('p95 of 1..100 is 95 whatever the input order', () => {
    const values = seededShuffle(Array.from({ length: 100 }, (_, i) => i + 1), 3);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 50)).toBe(50);
  });
});

describe('meanEstimate', () => {
  it('gives a normal-approximation interval around the mean', () => {
    const m = meanEstimate([1, 2, 3, 4, 5]);
    // sd = sqrt(2.5), se = sd / sqrt(5) = 0.70711
    expect(m.mean).toBe(3);
    expect(m.high! - 3).toBeCloseTo(1.959964 * 0.70711, 4);
    expect(meanEstimate([7]).low).toBeNull();
  });
});

describe('seeded randomness', () => {
  it('mulberry32 is deterministic per seed and in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(0.5, 1);
  });

  it('seededShuffle permutes a copy, reproducibly', () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    const s1 = seededShuffle(items, 7);
    expect(s1).toEqual(seededShuffle(items, 7));
    expect(s1).not.toEqual(seededShuffle(items, 8));
    expect([...s1].sort((a, b) => a - b)).toEqual(items);
    expect(items[0]).toBe(0);
  });
});
