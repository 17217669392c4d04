import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ROUTING_POLICY,
  DEFAULT_SEGMENT_POLICY,
  analyzeRun,
  mulberry32,
  routeSample,
  type JudgedSample,
} from '../../src/analysis/index.js';
import { TWO_LANES, syntheticTraffic } from './fixtures.js';

/**
 * Synthetic traffic with timestamps: clusters 0-2 are safe except for ja-JP (a tenth of the
 * traffic, cheap answer worse 40% of the time), clusters 3-4 are not safe.
 */
function traffic(): JudgedSample[] {
  const base = syntheticTraffic({ seed: 21, n: 6000, clusters: 5, baseWorse: 0.005 });
  const rand = mulberry32(5);
  return base.map((s, i) => {
    const jaJP = i % 10 === 0;
    const locale = jaJP ? 'ja-JP' : s.segments.locale === 'ja-JP' ? 'en-US' : s.segments.locale!;
    const verdict = s.cluster >= 3 ? (i % 3 === 0 ? 'cheap_worse' : 'tie') : jaJP && rand() < 0.4 ? 'cheap_worse' : s.verdicts.cheap;
    return {
      ...s,
      segments: { ...s.segments, locale },
      timestamp: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
      verdicts: { cheap: verdict },
    };
  });
}

describe('analyzeRun', () => {
  const samples = traffic();
  const geometry = [0, 1, 2, 3, 4].map((cluster) => ({ cluster, radius: 0.9 }));
  const result = analyzeRun({
    samples,
    lanes: TWO_LANES,
    geometry,
    routing: DEFAULT_ROUTING_POLICY,
    segments: DEFAULT_SEGMENT_POLICY,
    holdout: { fraction: 0.5, seed: 1 },
  });

  it('fits on the earlier half, reports on the later half and finds the planted harm', () => {
    expect(result.split!.method).toBe('time');
    expect(result.split!.evalIds).toHaveLength(3000);
    expect(result.headline.holdout!.n).toBe(3000);
    expect(result.headline.inSample.n).toBe(3000);
    expect(result.decisions.clusters.map((c) => c.lane)).toEqual(['cheap', 'cheap', 'cheap', 'strong', 'strong']);
    expect(result.decisions.overrides.map((o) => [o.attribute, o.value])).toEqual(
      [0, 1, 2].map(() => ['locale', 'ja-JP']),
    );
    expect(result.segments.beforeOverrides.flags.map((f) => `${f.kind}:${f.value}`)).toContain('harm:ja-JP');
    expect(result.segments.final.flags.filter((f) => f.kind === 'harm')).toEqual([]);
  });

  it('routes every sample the way the headline counts it', () => {
    const evalSamples = samples.filter((s) => result.split!.evalIds.includes(s.sampleId));
    const diverted = evalSamples.filter((s) => routeSample(result.decisions, s).lane === 'cheap').length;
    expect(result.headline.holdout!.diversion.k).toBe(diverted);
    expect(result.headline.holdout!.regression.rate).toBeLessThan(0.02);
  });

  it('simulates every pattern with metrics and a frontier', () => {
    const p = result.patterns!;
    expect(p.result.curves.map((c) => c.pattern)).toEqual(['length', 'tag', 'cluster', 'random', 'oracle']);
    const apgr = Object.fromEntries(p.metrics.map((m) => [m.pattern, m.metrics.apgr]));
    expect(apgr.random).toBeCloseTo(0.5, 12);
    expect(apgr.cluster!).toBeGreaterThan(0.6);
    expect(apgr.oracle!).toBeGreaterThan(apgr.cluster!);
    expect(p.frontier.length).toBeGreaterThan(1);
  });
});
