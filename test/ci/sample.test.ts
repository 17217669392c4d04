import { describe, expect, it } from 'vitest';
import { stratifiedSample } from '../../src/analysis/sample.js';

interface Item {
  id: string;
  cluster: number;
  segments: Record<string, string>;
}

/** 1000 items: cluster c holds (c + 1) * 100, a fifth of each cluster in locale ja-JP. */
function population(prefix = 'x'): Item[] {
  const items: Item[] = [];
  for (let c = 0; c < 4; c++) {
    for (let i = 0; i < (c + 1) * 100; i++) items.push({ id: `${prefix}${c}-${i}`, cluster: c, segments: { locale: i % 5 === 0 ? 'ja-JP' : 'en-US' } });
  }
  return items;
}

const clusterOf = (item: Item) => item.cluster;
const count = (items: readonly Item[], pick: (i: Item) => boolean) => items.filter(pick).length;

describe('stratifiedSample', () => {
  it('draws exactly N, in proportion to every cluster x segment stratum', () => {
    const drawn = stratifiedSample(population(), clusterOf, 100, 7);
    expect(drawn).toHaveLength(100);
    for (let c = 0; c < 4; c++) {
      expect(count(drawn, (i) => i.cluster === c)).toBe((c + 1) * 10);
      expect(count(drawn, (i) => i.cluster === c && i.segments.locale === 'ja-JP')).toBe((c + 1) * 2);
    }
  });

  it('keeps the input order, repeats itself for a seed and changes with the seed', () => {
    const items = population();
    const a = stratifiedSample(items, clusterOf, 100, 7);
    expect(stratifiedSample(items, clusterOf, 100, 7)).toEqual(a);
    const indices = a.map((item) => items.indexOf(item));
    expect(indices).toEqual([...indices].sort((x, y) => x - y));
    const b = stratifiedSample(items, clusterOf, 100, 8);
    expect(b.map((i) => i.id)).not.toEqual(a.map((i) => i.id));
  });

  it('draws mostly the same samples when the traffic grows (so their calls are reused)', () => {
    const yesterday = population();
    const today = [...yesterday, ...population('new')];
    const before = new Set(stratifiedSample(yesterday, clusterOf, 100, 7).map((i) => i.id));
    const after = stratifiedSample(today, clusterOf, 200, 7);
    const kept = after.filter((i) => before.has(i.id)).length;
    // Doubling the traffic and the budget: each old sample stays in with high probability.
    expect(kept).toBeGreaterThan(80);
  });

  it('returns everything when N covers the traffic; rounds remainders to the largest strata', () => {
    const items = population();
    expect(stratifiedSample(items, clusterOf, 5000, 1)).toHaveLength(1000);
    const three = stratifiedSample(items, clusterOf, 3, 1);
    expect(three).toHaveLength(3);
    expect(three.every((i) => i.segments.locale === 'en-US')).toBe(true);
    expect(() => stratifiedSample(items, clusterOf, -1, 1)).toThrow(RangeError);
  });

  it('puts unclustered samples in their own strata', () => {
    const items = population().map((item, i) => (i % 10 === 0 ? { ...item, cluster: -1 } : item));
    const drawn = stratifiedSample(items, (i) => (i.cluster < 0 ? undefined : i.cluster), 100, 3);
    expect(count(drawn, (i) => i.cluster === -1)).toBe(10);
  });
});
