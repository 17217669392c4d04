import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ROUTING_POLICY,
  compareHeadlines,
  decideRouting,
  headlineFigures,
  type RoutingDecisions,
} from '../../src/analysis/index.js';
import { TWO_LANES, many, sample } from './fixtures.js';

function table(cheapClusters: number[]): RoutingDecisions {
  const base = decideRouting([], TWO_LANES, DEFAULT_ROUTING_POLICY, [0, 1].map((cluster) => ({ cluster, radius: 1 })));
  return { ...base, clusters: base.clusters.map((c) => (cheapClusters.includes(c.cluster) ? { ...c, lane: 'cheap' } : c)) };
}

describe('headlineFigures', () => {
  // Cluster 0 goes cheap: 4 ties, 1 worse, 1 unjudged; the single judge rejects 2 of the 6. Cluster 1 stays strong.
  const samples = [
    ...many(3, { cluster: 0, verdict: 'tie', single: { acceptable: true, confidence: 0.9 } }),
    sample({ cluster: 0, verdict: 'tie', single: { acceptable: false, confidence: 0.6 } }),
    sample({ cluster: 0, verdict: 'cheap_worse', single: { acceptable: false, confidence: 0.8 }, cheap: { latencyMs: 400 } }),
    sample({ cluster: 0, single: { acceptable: true, confidence: 0.3 } }),
    ...many(4, { cluster: 1, verdict: 'cheap_worse', strong: { latencyMs: 2000 } }),
  ];
  const h = headlineFigures(samples, table([0]), TWO_LANES);

  it('reports diversion, fallback, cost, regression and latency from hand counts', () => {
    expect(h.n).toBe(10);
    expect(h.diversion).toMatchObject({ k: 6, n: 10, rate: 0.6 });
    expect(h.fallback).toMatchObject({ k: 2, n: 6 });
    expect(h.cost.routedPerRequestUsd).toBeCloseTo((6 * 0.001 + 4 * 0.01) / 10, 12);
    expect(h.cost.referencePerRequestUsd).toBeCloseTo(0.01, 12);
    expect(h.cost.saving.mean).toBeCloseTo(0.0054, 12);
    expect(h.cost.savingShare).toBeCloseTo(0.54, 10);
    // One worse among 9 samples whose outcome is known (the unjudged diverted one is left out).
    expect(h.regression).toMatchObject({ k: 1, n: 9 });
    expect(h.unjudgedDiverted).toBe(1);
    expect(h.latency.lanes.map((l) => [l.lane, l.p50Ms, l.p95Ms])).toEqual([
      ['cheap', 100, 400],
      ['strong', 1000, 2000],
    ]);
    expect(h.latency.served).toMatchObject({ n: 10, p50Ms: 100, p95Ms: 2000 });
    expect(h.quality).toBeNull();
  });

  it('counts low-confidence acceptances as fallbacks when asked', () => {
    const strict = headlineFigures(samples, table([0]), TWO_LANES, { confidence: 0.95, fallbackConfidence: 0.5 });
    expect(strict.fallback).toMatchObject({ k: 3, n: 6 });
  });

  it('has no fallback figure without single-judge verdicts, and mean quality when labels exist', () => {
    const labelled = [
      sample({ cluster: 0, verdict: 'tie', cheap: { quality: 1 }, strong: { quality: 1 } }),
      sample({ cluster: 0, verdict: 'cheap_worse', cheap: { quality: 0 }, strong: { quality: 1 } }),
      sample({ cluster: 1, verdict: 'cheap_worse', cheap: { quality: 0 }, strong: { quality: 1 } }),
    ];
    const l = headlineFigures(labelled, table([0]), TWO_LANES);
    expect(l.fallback).toBeNull();
    expect(l.quality!.served.mean).toBeCloseTo(2 / 3, 12);
    expect(l.quality!.lanes).toEqual({ cheap: 1 / 3, strong: 1 });
  });
});

describe('compareHeadlines', () => {
  it('warns when holdout figures fall outside the in-sample intervals, and not otherwise', () => {
    const a = [...many(200, { cluster: 0, verdict: 'tie' }), ...many(200, { cluster: 1, verdict: 'tie' })];
    const b = [...many(20, { cluster: 0, verdict: 'tie' }), ...many(380, { cluster: 1, verdict: 'tie' })];
    const t = table([0]);
    const same = compareHeadlines(headlineFigures(a, t, TWO_LANES), headlineFigures(a, t, TWO_LANES));
    expect(same).toEqual([]);
    const warnings = compareHeadlines(headlineFigures(a, t, TWO_LANES), headlineFigures(b, t, TWO_LANES));
    expect(warnings.some((w) => w.startsWith('diversion rate: in-sample 50.0%'))).toBe(true);
    expect(warnings.some((w) => w.startsWith('saving per request'))).toBe(true);
  });
});
