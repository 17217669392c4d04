import { describe, expect, it } from 'vitest';
import { apgr, cpt, paretoFrontier, pgr, pgrCurve, routerMetrics } from '../../src/analysis/index.js';

describe('PGR, APGR and CPT', () => {
  it('PGR is the share of the quality gap recovered, null when there is no gap', () => {
    expect(pgr(0.75, 0.5, 1)).toBe(0.5);
    expect(pgr(0.5, 0.5, 0.5)).toBeNull();
  });

  it('random router: APGR 0.5 and CPT(x) = x', () => {
    const points = Array.from({ length: 11 }, (_, i) => ({ strongShare: i / 10, quality: 0.6 + 0.3 * (i / 10) }));
    const m = routerMetrics(points, 0.6, 0.9, [0.5, 0.8, 0.37]);
    expect(m.apgr).toBeCloseTo(0.5, 12);
    m.cpt.forEach((c) => expect(c.strongShare).toBeCloseTo(c.target, 12));
  });

  it('adds the endpoints every router can reach and averages duplicate shares', () => {
    const curve = pgrCurve([{ strongShare: 0.5, quality: 1 }, { strongShare: 0.5, quality: 0.8 }], 0, 1)!;
    expect(curve).toEqual([
      { strongShare: 0, pgr: 0 },
      { strongShare: 0.5, pgr: 0.9 },
      { strongShare: 1, pgr: 1 },
    ]);
    expect(apgr(curve)).toBeCloseTo(0.5 * 0.45 + 0.5 * 0.95, 12);
  });

  it('CPT takes the first crossing of a non-monotone curve', () => {
    const curve = [
      { strongShare: 0, pgr: 0 },
      { strongShare: 0.2, pgr: 0.6 },
      { strongShare: 0.4, pgr: 0.3 },
      { strongShare: 0.6, pgr: 0.9 },
      { strongShare: 1, pgr: 1 },
    ];
    expect(cpt(curve, 0.5)).toBeCloseTo(0.5 / 0.6 * 0.2, 12);
    // 0.8 is first reached between 0.4 (PGR 0.3) and 0.6 (PGR 0.9).
    expect(cpt(curve, 0.8)).toBeCloseTo(0.4 + (0.5 / 0.6) * 0.2, 12);
    expect(cpt(curve, 1.2)).toBeNull();
    expect(cpt(curve, 0)).toBe(0);
  });
});

describe('paretoFrontier', () => {
  it('keeps the points no other point beats on both cost and quality', () => {
    const p = (costPerRequestUsd: number, quality: number) => ({ costPerRequestUsd, quality });
    const frontier = paretoFrontier([p(5, 0.8), p(1, 0.5), p(3, 0.9), p(2, 0.5), p(3, 0.7), p(10, 0.9), p(10, 1)]);
    expect(frontier).toEqual([p(1, 0.5), p(3, 0.9), p(10, 1)]);
  });
});

describe('routerMetrics when the strong lane is not better', () => {
  it('returns no APGR or CPT and says why, for an inverted and for a zero quality gap', () => {
    const points = [{ strongShare: 0.5, quality: 0.7 }];
    const inverted = routerMetrics(points, 0.8, 0.6);
    expect(inverted).toMatchObject({ apgr: null, cpt: [{ target: 0.5, strongShare: null }, { target: 0.8, strongShare: null }] });
    expect(inverted.undefinedReason).toMatch(/cheap lane scores higher/);
    expect(routerMetrics(points, 0.7, 0.7).undefinedReason).toMatch(/same quality/);
  });
});
