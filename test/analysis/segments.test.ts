import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ROUTING_POLICY,
  DEFAULT_SEGMENT_POLICY,
  decideRouting,
  segmentClusterCells,
  segmentOverrides,
  segmentReport,
  withOverrides,
  type RoutingDecisions,
  type SegmentPolicy,
} from '../../src/analysis/index.js';
import { TWO_LANES, many, syntheticTraffic } from './fixtures.js';

/** Clusters 0-3 cheap, cluster 4 strong: a table independent of the data, so slices test only the slicing. */
function fixedTable(cheapClusters: number[], allClusters: number): RoutingDecisions {
  const base = decideRouting([], TWO_LANES, DEFAULT_ROUTING_POLICY, Array.from({ length: allClusters }, (_, cluster) => ({ cluster, radius: 10 })));
  return { ...base, clusters: base.clusters.map((c) => (cheapClusters.includes(c.cluster) ? { ...c, lane: 'cheap', reason: 'cleared' } : c)) };
}

const seg = (over: Partial<SegmentPolicy> = {}): SegmentPolicy => ({ ...DEFAULT_SEGMENT_POLICY, ...over });

describe('segmentReport', () => {
  it('computes diversion, regression among diverted and harm for hand-counted slices', () => {
    const table = fixedTable([0], 2);
    const samples = [
      ...many(8, { cluster: 0, verdict: 'tie', segments: { locale: 'a' } }),
      ...many(2, { cluster: 0, verdict: 'cheap_worse', segments: { locale: 'a' } }),
      ...many(1, { cluster: 0, segments: { locale: 'a' } }), // diverted, not judged
      ...many(9, { cluster: 1, verdict: 'cheap_worse', segments: { locale: 'b' } }), // strong: never harmed
    ];
    const r = segmentReport(samples, table, seg({ minN: 5 }));
    expect(r.overall.n).toBe(20);
    expect(r.overall.diversion.k).toBe(11);
    expect(r.overall.regression).toMatchObject({ k: 2, n: 10 });
    expect(r.overall.harm).toMatchObject({ k: 2, n: 19 });
    const a = r.slices.find((s) => s.value === 'a')!;
    expect(a.diversion).toMatchObject({ k: 11, n: 11 });
    expect(a.harm).toMatchObject({ k: 2, n: 10 });
    const b = r.slices.find((s) => s.value === 'b')!;
    expect(b.diversion.k).toBe(0);
    expect(b.harm).toMatchObject({ k: 0, n: 9 });
    expect(b.harmTest).not.toBeNull();
  });

  it('does not test slices below minN', () => {
    const r = segmentReport(many(10, { verdict: 'tie', segments: { locale: 'x' } }), fixedTable([0], 1), seg());
    expect(r.slices[0]!.harmTest).toBeNull();
    expect(r.slices[0]!.diversionTest).toBeNull();
  });

  it('flags a planted harmed segment, and only it', () => {
    const samples = syntheticTraffic({ seed: 11, n: 3000, clusters: 5, baseWorse: 0.03, harmed: { locale: 'ja-JP', worse: 0.3 } });
    const r = segmentReport(samples, fixedTable([0, 1, 2, 3], 5), seg());
    const harm = r.flags.filter((f) => f.kind === 'harm');
    expect(harm.map((f) => `${f.attribute}=${f.value}`)).toEqual(['locale=ja-JP']);
    expect(harm[0]!.size).toBeGreaterThan(0.15);
    expect(harm[0]!.q).toBeLessThan(0.05);
    expect(harm[0]!.summary).toMatch(/^locale=ja-JP: \d+\.\d% \[.*\] served a worse answer vs \d+\.\d% overall \(\+\d+\.\d pts, q=.*, n=\d+\)$/);
    expect(r.flags.filter((f) => f.kind === 'diversion_disparity')).toEqual([]);
  });

  it('raises no false flag on traffic without a harmed segment, across seeds', () => {
    for (let seed = 1; seed <= 8; seed++) {
      const samples = syntheticTraffic({ seed, n: 2000, clusters: 5, baseWorse: 0.05 });
      const r = segmentReport(samples, fixedTable([0, 1, 2, 3], 5), seg());
      expect(r.flags, `seed ${seed}`).toEqual([]);
    }
  });

  it('flags a segment diverted far less than the rest', () => {
    const samples = [
      ...many(200, { cluster: 0, verdict: 'tie', segments: { tier: 'pro' } }),
      ...many(100, { cluster: 1, verdict: 'tie', segments: { tier: 'pro' } }),
      ...many(10, { cluster: 0, verdict: 'tie', segments: { tier: 'free' } }),
      ...many(90, { cluster: 1, verdict: 'tie', segments: { tier: 'free' } }),
    ];
    const r = segmentReport(samples, fixedTable([0], 2), seg());
    const flag = r.flags.find((f) => f.kind === 'diversion_disparity' && f.value === 'free')!;
    expect(flag).toBeDefined();
    expect(flag.figure.rate).toBeCloseTo(0.1, 10);
    expect(flag.overall).toBeCloseTo(210 / 400, 10);
    expect(flag.size).toBeLessThan(0.5);
  });
});

describe('segmentOverrides', () => {
  // Cluster 0: 360 passing samples in three locales, ja-JP 40 samples half worse: 380/400 pass overall.
  const samples = [
    ...many(120, { cluster: 0, verdict: 'tie', segments: { locale: 'en-US' }, tag: 'faq' }),
    ...many(120, { cluster: 0, verdict: 'tie', segments: { locale: 'de-DE' }, tag: 'faq' }),
    ...many(120, { cluster: 0, verdict: 'tie', segments: { locale: 'fr-FR' }, tag: 'faq' }),
    ...many(20, { cluster: 0, verdict: 'tie', segments: { locale: 'ja-JP' }, tag: 'legal' }),
    ...many(20, { cluster: 0, verdict: 'cheap_worse', segments: { locale: 'ja-JP' }, tag: 'legal' }),
  ];
  const table = decideRouting(samples, TWO_LANES, DEFAULT_ROUTING_POLICY);

  it('carves a failing cell out of a cluster that passes overall', () => {
    expect(table.clusters[0]!.lane).toBe('cheap');
    const overrides = segmentOverrides(samples, table, DEFAULT_ROUTING_POLICY, seg());
    expect(overrides.map((o) => [o.cluster, o.source, o.attribute, o.value, o.lane])).toEqual([[0, 'segment', 'locale', 'ja-JP', 'strong']]);
    expect(overrides[0]!.evidence.pass).toMatchObject({ k: 20, n: 40 });
    const final = withOverrides(table, overrides);
    const after = segmentReport(samples, final, seg());
    expect(after.overall.harm.k).toBe(0);
  });

  it('only uses attributes known at request time, and tags only when configured', () => {
    expect(segmentOverrides(samples, table, DEFAULT_ROUTING_POLICY, seg({ knownAtRequest: ['tier'] }))).toEqual([]);
    const withTags = segmentOverrides(samples, table, DEFAULT_ROUTING_POLICY, seg({ knownAtRequest: ['tag'], tagOverrides: true }));
    expect(withTags.map((o) => [o.source, o.attribute, o.value])).toEqual([['tag', 'tag', 'legal']]);
  });

  it('leaves small or merely uncertain cells alone', () => {
    expect(segmentOverrides(samples, table, DEFAULT_ROUTING_POLICY, seg({ minCellSamples: 41 }))).toEqual([]);
    const clean = many(400, { cluster: 0, verdict: 'tie', segments: { locale: 'en-US' } }).concat(
      many(25, { cluster: 0, verdict: 'tie', segments: { locale: 'ja-JP' } }),
    );
    expect(segmentOverrides(clean, decideRouting(clean, TWO_LANES, DEFAULT_ROUTING_POLICY), DEFAULT_ROUTING_POLICY, seg())).toEqual([]);
  });
});

describe('segmentClusterCells', () => {
  it('gives harm per segment value and cluster', () => {
    const table = fixedTable([0], 2);
    const cells = segmentClusterCells(
      [...many(3, { cluster: 0, verdict: 'cheap_worse', segments: { locale: 'a' } }), ...many(1, { cluster: 1, verdict: 'cheap_worse', segments: { locale: 'a' } })],
      table,
    );
    expect(cells.map((c) => [c.cluster, c.value, c.n, c.harm.k])).toEqual([
      [0, 'a', 3, 3],
      [1, 'a', 1, 0],
    ]);
  });
});
