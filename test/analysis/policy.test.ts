import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ROUTING_POLICY,
  clusterStats,
  decideRouting,
  laneVerdict,
  routeSample,
  withOverrides,
  type JudgedSample,
  type LaneInfo,
  type RoutingPolicy,
} from '../../src/analysis/index.js';
import { InputError } from '../../src/domain/errors.js';
import { TWO_LANES, many, sample } from './fixtures.js';

const policy = (over: Partial<RoutingPolicy> = {}): RoutingPolicy => ({ ...DEFAULT_ROUTING_POLICY, ...over });

describe('clusterStats', () => {
  it('reports n, share, verdict counts, pass rate, cost, latency and saving per lane', () => {
    const samples = [
      ...many(6, { cluster: 0, verdict: 'tie' }),
      ...many(2, { cluster: 0, verdict: 'cheap_worse', cheap: { latencyMs: 300 } }),
      ...many(1, { cluster: 0, verdict: 'cheap_better' }),
      sample({ cluster: 0 }), // not judged
      ...many(10, { cluster: 1, verdict: 'tie' }),
    ];
    const [c0, c1] = clusterStats(samples, TWO_LANES, policy());
    expect(c0!.cluster).toBe(0);
    expect(c0!.n).toBe(10);
    expect(c0!.share).toBe(0.5);
    expect(c0!.judged).toBe(9);
    const [strong, cheap] = c0!.lanes;
    expect(strong!.lane).toBe('strong');
    expect(cheap!.verdicts).toEqual({ better: 1, tie: 6, worse: 2 });
    expect(cheap!.pass!.k).toBe(7);
    expect(cheap!.pass!.n).toBe(9);
    expect(cheap!.meanCostUsd).toBeCloseTo(0.001, 12);
    expect(cheap!.savingPerRequestUsd).toBeCloseTo(0.009, 12);
    expect(cheap!.savingShare).toBeCloseTo(0.9, 12);
    expect(cheap!.latencyP50Ms).toBe(100);
    expect(cheap!.latencyP95Ms).toBe(300);
    expect(c1!.lanes[1]!.pass!.rate).toBe(1);
  });

  it('counts ties as failures when tiesPass is false', () => {
    const [c] = clusterStats(many(10, { verdict: 'tie' }), TWO_LANES, policy({ tiesPass: false }));
    expect(c!.lanes[1]!.pass!.k).toBe(0);
  });
});

describe('decideRouting', () => {
  it('sends a cluster with no judged samples to the reference lane', () => {
    const d = decideRouting(many(50, { cluster: 3 }), TWO_LANES, policy());
    expect(d.clusters).toHaveLength(1);
    expect(d.clusters[0]!.lane).toBe('strong');
    expect(d.clusters[0]!.reason).toBe('no_lane_cleared');
    expect(d.clusters[0]!.evidence[0]!.shortfall).toBe('too_few_judged');
    expect(d.clusters[0]!.evidence[0]!.judged).toBe(0);
  });

  it('routes all-tie clusters cheap, unless ties do not pass', () => {
    const samples = many(60, { verdict: 'tie' });
    expect(decideRouting(samples, TWO_LANES, policy()).clusters[0]!.lane).toBe('cheap');
    const strict = decideRouting(samples, TWO_LANES, policy({ tiesPass: false })).clusters[0]!;
    expect(strict.lane).toBe('strong');
    expect(strict.evidence[0]!.shortfall).toBe('below_threshold');
  });

  it('uses the lower bound: 34 of 34 passes do not clear 0.9, 35 of 35 do', () => {
    // Wilson lower bound of n/n is n / (n + z^2): 0.8985 at 34, 0.9011 at 35.
    expect(decideRouting(many(34, { verdict: 'tie' }), TWO_LANES, policy()).clusters[0]!.lane).toBe('strong');
    expect(decideRouting(many(35, { verdict: 'tie' }), TWO_LANES, policy()).clusters[0]!.lane).toBe('cheap');
  });

  it('requires minSamples judged even when the lower bound clears', () => {
    const samples = many(35, { verdict: 'tie' });
    const d = decideRouting(samples, TWO_LANES, policy({ minSamples: 36 })).clusters[0]!;
    expect(d.lane).toBe('strong');
    expect(d.evidence[0]!.shortfall).toBe('too_few_judged');
  });

  it('picks the cheapest lane that clears the bar with more than two lanes', () => {
    const lanes: LaneInfo[] = [
      { name: 'tiny', costRank: 0, isReference: false },
      { name: 'mid', costRank: 1, isReference: false },
      { name: 'strong', costRank: 2, isReference: true },
      { name: 'luxury', costRank: 3, isReference: false },
    ];
    const make = (cluster: number, tiny: 'tie' | 'cheap_worse', mid: 'tie' | 'cheap_worse'): JudgedSample[] =>
      many(40, { cluster }).map((s) => ({
        ...s,
        lanes: { ...s.lanes, tiny: s.lanes.cheap!, mid: s.lanes.cheap!, luxury: s.lanes.strong! },
        verdicts: { tiny, mid, luxury: 'tie' },
      }));
    const d = decideRouting([...make(0, 'tie', 'tie'), ...make(1, 'cheap_worse', 'tie'), ...make(2, 'cheap_worse', 'cheap_worse')], lanes, policy());
    expect(d.clusters.map((c) => c.lane)).toEqual(['tiny', 'mid', 'strong']);
    // A lane dearer than the reference is never a candidate.
    expect(d.clusters[2]!.evidence.map((e) => e.lane)).toEqual(['tiny', 'mid']);
  });

  it('sends everything to the reference when no lane is cheaper', () => {
    const d = decideRouting(many(40, { verdict: 'tie' }), [{ name: 'strong', costRank: 0, isReference: true }], policy());
    expect(d.clusters[0]!.lane).toBe('strong');
    expect(d.clusters[0]!.reason).toBe('reference_only');
  });

  it('rejects lane lists without exactly one reference', () => {
    expect(() => decideRouting([], [{ name: 'a', costRank: 0, isReference: false }], policy())).toThrow(InputError);
  });

  it('includes clusters known only from the geometry, routed to the reference, with their radius', () => {
    const d = decideRouting(many(40, { cluster: 0, verdict: 'tie' }), TWO_LANES, policy(), [
      { cluster: 0, radius: 0.5 },
      { cluster: 1, radius: 0.7 },
    ]);
    expect(d.clusters.map((c) => [c.cluster, c.lane, c.n, c.radius])).toEqual([
      [0, 'cheap', 40, 0.5],
      [1, 'strong', 0, 0.7],
    ]);
  });

  describe('per-tag thresholds', () => {
    // 45/45 passes: lower bound 0.9215, clears 0.9 but not 0.95.
    const billingHalf = [...many(23, { verdict: 'tie', tag: 'billing' }), ...many(22, { verdict: 'tie', tag: 'faq' })];
    const strictBilling = policy({ tagOverrides: { billing: { passThreshold: 0.95 } } });

    it('applies the strictest bar of the tags that hold a real share of the cluster', () => {
      const d = decideRouting(billingHalf, TWO_LANES, strictBilling).clusters[0]!;
      expect(d.passThreshold).toBe(0.95);
      expect(d.governingTags).toEqual(['billing']);
      expect(d.lane).toBe('strong');
    });

    it('ignores a tag below tagShareMin of the cluster', () => {
      const samples = [...many(2, { verdict: 'tie', tag: 'billing' }), ...many(43, { verdict: 'tie', tag: 'faq' })];
      const d = decideRouting(samples, TWO_LANES, strictBilling).clusters[0]!;
      expect(d.passThreshold).toBe(0.9);
      expect(d.governingTags).toEqual([]);
      expect(d.lane).toBe('cheap');
    });

    it('lowers the bar only when lenient tags make up the whole cluster', () => {
      const lenient = policy({ tagOverrides: { faq: { passThreshold: 0.5, minSamples: 5 } } });
      const onlyFaq = many(10, { verdict: 'tie', tag: 'faq' });
      const mixed = [...onlyFaq, ...many(10, { verdict: 'tie' })];
      const a = decideRouting(onlyFaq, TWO_LANES, lenient).clusters[0]!;
      expect([a.passThreshold, a.minSamples, a.governingTags, a.lane]).toEqual([0.5, 5, ['faq'], 'cheap']);
      const b = decideRouting(mixed, TWO_LANES, lenient).clusters[0]!;
      expect([b.passThreshold, b.minSamples, b.governingTags, b.lane]).toEqual([0.9, 20, [], 'strong']);
    });

    it('raises minSamples from a tag override', () => {
      const d = decideRouting(billingHalf, TWO_LANES, policy({ tagOverrides: { billing: { minSamples: 100 } } })).clusters[0]!;
      expect(d.minSamples).toBe(100);
      expect(d.governingTags).toEqual(['billing']);
      expect(d.evidence[0]!.shortfall).toBe('too_few_judged');
    });
  });
});

describe('routeSample', () => {
  const decisions = withOverrides(
    decideRouting(many(40, { cluster: 0, verdict: 'tie' }), TWO_LANES, policy(), [{ cluster: 0, radius: 0.5 }]),
    [
      {
        cluster: 0,
        source: 'segment',
        attribute: 'locale',
        value: 'ja-JP',
        lane: 'strong',
        evidence: { lane: 'cheap', pass: { k: 0, n: 20, rate: 0, low: 0, high: 0.16 }, passThreshold: 0.9 },
      },
    ],
  );

  it('applies the cluster decision inside the radius', () => {
    expect(routeSample(decisions, sample({ cluster: 0, distance: 0.5 }))).toEqual({ lane: 'cheap', cluster: 0, reason: 'cluster_decision' });
  });

  it('sends prompts beyond the radius and unknown clusters to the reference', () => {
    expect(routeSample(decisions, sample({ cluster: 0, distance: 0.51 })).reason).toBe('out_of_distribution');
    expect(routeSample(decisions, sample({ cluster: 0, distance: 0.51 })).lane).toBe('strong');
    expect(routeSample(decisions, sample({ cluster: 9 }))).toEqual({ lane: 'strong', cluster: 9, reason: 'unknown_cluster' });
  });

  it('applies a matching segment override', () => {
    expect(routeSample(decisions, sample({ cluster: 0, segments: { locale: 'ja-JP' } }))).toEqual({
      lane: 'strong',
      cluster: 0,
      reason: 'segment_override',
    });
    expect(routeSample(decisions, sample({ cluster: 0, segments: { locale: 'de-DE' } })).lane).toBe('cheap');
  });
});

describe('failed calls on a candidate lane', () => {
  it('count as cheap_worse, so a lane that fails often cannot clear the bar on its successes', () => {
    const succeeding = many(60, { verdict: 'tie' });
    const failing = many(40, { verdict: undefined, cheap: { ok: false } });
    const decisions = decideRouting([...succeeding, ...failing], TWO_LANES, DEFAULT_ROUTING_POLICY);
    expect(decisions.clusters[0]!.lane).toBe('strong');
    expect(decisions.clusters[0]!.evidence.find((e) => e.lane === 'cheap')?.pass).toMatchObject({ k: 60, n: 100 });
    expect(laneVerdict(failing[0]!, 'cheap')).toBe('cheap_worse');
    expect(laneVerdict(many(1, { verdict: undefined })[0]!, 'cheap')).toBeUndefined();
  });
});
