import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ROUTING_POLICY,
  routerMetrics,
  simulatePatterns,
  type JudgedSample,
  type OperatingPoint,
  type PatternsResult,
} from '../../src/analysis/index.js';
import { TWO_LANES, sample } from './fixtures.js';

/**
 * Ten requests, cheap costs 1 and strong 10. Cluster 0 (tag faq, short prompts): five ties.
 * Cluster 1 (tag code, long prompts): three cheap answers worse, two ties. The single judge
 * rejects the three worse answers and one tie, and accepts the rest with confidence 0.9
 * except one tie at 0.5.
 */
function smallRun(): JudgedSample[] {
  const s: JudgedSample[] = [];
  for (let i = 0; i < 5; i++) {
    s.push(
      sample({
        id: `a${i}`,
        cluster: 0,
        tag: 'faq',
        verdict: 'tie',
        inputChars: 10 + i,
        cheap: { costUsd: 1, latencyMs: 10 },
        strong: { costUsd: 10, latencyMs: 100 },
        single: { acceptable: i !== 0, confidence: i === 1 ? 0.5 : 0.9 },
      }),
    );
  }
  for (let i = 0; i < 5; i++) {
    s.push(
      sample({
        id: `b${i}`,
        cluster: 1,
        tag: 'code',
        verdict: i < 3 ? 'cheap_worse' : 'tie',
        inputChars: 100 + i,
        cheap: { costUsd: 1, latencyMs: 10 },
        strong: { costUsd: 10, latencyMs: 100 },
        single: { acceptable: i >= 3, confidence: 0.9 },
      }),
    );
  }
  return s;
}

const policy = { ...DEFAULT_ROUTING_POLICY, minSamples: 5 };
const curve = (r: PatternsResult, name: string) => r.curves.find((c) => c.pattern === name)!.points;
const at = (points: OperatingPoint[], share: number) => points.find((p) => Math.abs(p.strongShare - share) < 1e-12);

describe('simulatePatterns on a hand-made run', () => {
  const run = smallRun();
  const r = simulatePatterns(run, run, TWO_LANES, { policy });

  it('uses the not-worse share as quality without labels and sets the baselines', () => {
    expect(r.qualityMode).toBe('not_worse');
    expect(r.n).toBe(10);
    expect(r.cheap).toEqual({ quality: 0.7, costPerRequestUsd: 1, regressionRate: 0.3 });
    expect(r.strong).toEqual({ quality: 1, costPerRequestUsd: 10, regressionRate: 0 });
  });

  it('oracle: strong exactly for the three worse answers', () => {
    const [o] = curve(r, 'oracle');
    expect(o).toMatchObject({ strongShare: 0.3, quality: 1, regressionRate: 0, costPerRequestUsd: 3.7 });
  });

  it('cluster: sweeping the threshold sends the clean cluster cheap first', () => {
    const points = curve(r, 'cluster');
    // Lower bounds: cluster 0 5/5 -> 5 / (5 + z^2) = 0.5655, cluster 1 2/5 -> 0.1176; thresholds at each, then 1.
    expect(points.map((p) => p.strongShare)).toEqual([0, 0.5, 1]);
    expect(points[0]!.parameter).toBeCloseTo(0.1176, 4);
    expect(points[1]!.parameter).toBeCloseTo(0.5655, 4);
    expect(points[1]).toMatchObject({ quality: 1, costPerRequestUsd: 5.5, regressionRate: 0, meanLatencyMs: 55 });
  });

  it('tag: the same table keyed by tag gives the same curve here', () => {
    expect(curve(r, 'tag').map((p) => [p.strongShare, p.quality])).toEqual(curve(r, 'cluster').map((p) => [p.strongShare, p.quality]));
  });

  it('length: a cutoff between the short and long prompts matches the cluster table', () => {
    const points = curve(r, 'length');
    expect(at(points, 0.5)).toMatchObject({ parameter: 100, quality: 1 });
    expect(at(points, 1)).toBeDefined();
    expect(at(points, 0)).toMatchObject({ parameter: 105, quality: 0.7 });
  });

  it('cascade: pays both calls and waits for both on escalation', () => {
    const points = curve(r, 'cascade');
    // Threshold 0: escalate the four rejected answers.
    expect(points[0]).toMatchObject({ parameter: 0, strongShare: 0.4, quality: 1, fallbackRate: 0.4, regressionRate: 0, addedLatencyMs: 10 });
    expect(points[0]!.costPerRequestUsd).toBeCloseTo(1 + 0.4 * 10, 12);
    expect(points[0]!.meanLatencyMs).toBeCloseTo(10 + 0.4 * 100, 12);
    // Threshold 0.9: also the tie accepted at confidence 0.5.
    expect(points.find((p) => p.parameter === 0.9)).toMatchObject({ strongShare: 0.5 });
    expect(points.at(-1)).toMatchObject({ strongShare: 1, fallbackRate: 1 });
    expect(points.at(-1)!.costPerRequestUsd).toBeCloseTo(11, 12);
  });

  it('random: exact expected values on a grid of strong shares', () => {
    const points = curve(r, 'random');
    expect(points).toHaveLength(11);
    expect(points[3]!.strongShare).toBeCloseTo(0.3, 12);
    expect(points[3]!.quality).toBeCloseTo(0.7 * 0.7 + 0.3 * 1, 12);
    expect(points[3]!.costPerRequestUsd).toBeCloseTo(0.7 * 1 + 0.3 * 10, 12);
    expect(points[3]!.regressionRate).toBeCloseTo(0.7 * 0.3, 12);
  });

  it('gives the RouteLLM metrics computed by hand', () => {
    const m = (name: string) => routerMetrics(curve(r, name), r.cheap.quality, r.strong.quality);
    // Oracle: PGR 0 at share 0, 1 at 0.3 and at 1: area 0.3 / 2 + 0.7 = 0.85.
    expect(m('oracle').apgr).toBeCloseTo(0.85, 12);
    // Cluster: (0, 0), (0.5, 1), (1, 1): 0.25 + 0.5.
    expect(m('cluster').apgr).toBeCloseTo(0.75, 12);
    expect(m('cluster').cpt.map((c) => c.strongShare)).toEqual([0.25, 0.4]);
    expect(m('random').apgr).toBeCloseTo(0.5, 12);
  });
});

describe('simulatePatterns: inputs that change the rules', () => {
  it('uses mean labels as quality when both lanes have them', () => {
    const run = [
      sample({ verdict: 'tie', cheap: { quality: 6 }, strong: { quality: 8 } }),
      sample({ verdict: 'tie', cheap: { quality: 9 }, strong: { quality: 7 } }),
    ];
    const r = simulatePatterns(run, run, TWO_LANES, { policy });
    expect(r.qualityMode).toBe('labels');
    expect(r.cheap.quality).toBe(7.5);
    expect(r.strong.quality).toBe(7.5);
    // The oracle takes strong only where it scores higher, so beats both lanes.
    expect(curve(r, 'oracle')[0]).toMatchObject({ strongShare: 0.5, quality: 8.5, regressionRate: 0 });
    // Quality gap zero: PGR is undefined and says why.
    const m = routerMetrics(curve(r, 'oracle'), r.cheap.quality, r.strong.quality);
    expect(m.apgr).toBeNull();
    expect(m.undefinedReason).toMatch(/same quality/);
  });

  it('all ties: cheap already equals strong, so PGR is undefined', () => {
    const run = Array.from({ length: 30 }, () => sample({ verdict: 'tie' }));
    const r = simulatePatterns(run, run, TWO_LANES, { policy });
    expect(r.cheap.quality).toBe(1);
    expect(routerMetrics(curve(r, 'cluster'), r.cheap.quality, r.strong.quality).apgr).toBeNull();
  });

  it('a single cluster gives a two-step cluster curve', () => {
    const run = [
      ...Array.from({ length: 45 }, () => sample({ verdict: 'tie' })),
      ...Array.from({ length: 5 }, () => sample({ verdict: 'cheap_worse' })),
    ];
    const r = simulatePatterns(run, run, TWO_LANES, { policy });
    expect(curve(r, 'cluster').map((p) => p.strongShare)).toEqual([0, 1]);
    const m = routerMetrics(curve(r, 'cluster'), r.cheap.quality, r.strong.quality);
    expect(m.apgr).toBeCloseTo(0.5, 12);
  });

  it('skips the cascade without single-judge verdicts and leaves out unjudged samples', () => {
    const run = [sample({ verdict: 'tie' }), sample({ verdict: 'cheap_worse' }), sample({})];
    const r = simulatePatterns(run, run, TWO_LANES, { policy });
    expect(r.n).toBe(2);
    expect(r.excluded).toBe(1);
    expect(r.skipped).toEqual([{ pattern: 'cascade', reason: 'not every evaluation sample has a single-judge verdict' }]);
  });

  it('fits tag and cluster tables on the fit part and sends OOD prompts strong', () => {
    const fit = smallRun();
    const evalRun = [
      sample({ cluster: 0, tag: 'faq', verdict: 'tie', distance: 0.1 }),
      sample({ cluster: 0, tag: 'faq', verdict: 'tie', distance: 5 }),
    ];
    const r = simulatePatterns(fit, evalRun, TWO_LANES, { policy, geometry: [{ cluster: 0, radius: 1 }, { cluster: 1, radius: 1 }] });
    const clusterShares = curve(r, 'cluster').map((p) => p.strongShare);
    const tagShares = curve(r, 'tag').map((p) => p.strongShare);
    expect(clusterShares).toContain(0.5); // the OOD prompt stays strong even when cluster 0 goes cheap
    expect(clusterShares).not.toContain(0);
    expect(tagShares).toContain(0);
  });
});
