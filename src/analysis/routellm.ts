/**
 * Router-quality metrics as RouteLLM defines them (DESIGN.md): PGR, APGR and CPT, plus the
 * cost-quality Pareto frontier.
 */

export interface CurvePoint {
  strongShare: number;
  quality: number;
}

export interface PgrPoint {
  strongShare: number;
  pgr: number;
}

export interface RouterMetrics {
  /** The PGR curve used: points averaged per strong share, endpoints 0 and 1 added when missing, sorted. */
  curve: PgrPoint[];
  /** Area under PGR over strong-call share 0..1 (trapezoid); null when PGR is undefined. */
  apgr: number | null;
  /** Smallest strong-call share whose PGR reaches each target; null when never reached or PGR is undefined. */
  cpt: { target: number; strongShare: number | null }[];
  /** Why the metrics are null, when they are. */
  undefinedReason?: string;
}

/** Performance gap recovered: (q - q_cheap) / (q_strong - q_cheap); null when the gap is zero. */
export function pgr(quality: number, cheapQuality: number, strongQuality: number): number | null {
  const gap = strongQuality - cheapQuality;
  return gap === 0 ? null : (quality - cheapQuality) / gap;
}

/**
 * The PGR curve of a pattern's sweep: duplicate strong shares are averaged, and the
 * endpoints every router can reach (all cheap: share 0, PGR 0; all strong: share 1, PGR 1)
 * are added when the sweep lacks them.
 */
export function pgrCurve(points: readonly CurvePoint[], cheapQuality: number, strongQuality: number): PgrPoint[] | null {
  if (strongQuality - cheapQuality === 0) return null;
  const byShare = new Map<number, number[]>();
  for (const p of points) {
    const value = (p.quality - cheapQuality) / (strongQuality - cheapQuality);
    const bucket = byShare.get(p.strongShare);
    if (bucket) bucket.push(value);
    else byShare.set(p.strongShare, [value]);
  }
  if (!byShare.has(0)) byShare.set(0, [0]);
  if (!byShare.has(1)) byShare.set(1, [1]);
  return [...byShare.entries()]
    .map(([strongShare, values]) => ({ strongShare, pgr: values.reduce((a, b) => a + b, 0) / values.length }))
    .sort((a, b) => a.strongShare - b.strongShare);
}

/** Trapezoid area under a sorted PGR curve spanning strong share 0..1. */
export function apgr(curve: readonly PgrPoint[]): number {
  let area = 0;
  for (let i = 1; i < curve.length; i++) {
    const a = curve[i - 1]!;
    const b = curve[i]!;
    area += ((b.strongShare - a.strongShare) * (a.pgr + b.pgr)) / 2;
  }
  return area;
}

/**
 * CPT(target): the smallest strong-call share whose PGR reaches the target. Scans the
 * sorted curve for the first point reaching it and interpolates linearly from the point
 * before it (which is below, as every earlier point is). Taking the first crossing, not
 * assuming monotonicity, keeps it right for curves that dip and recover. null if never reached.
 */
export function cpt(curve: readonly PgrPoint[], target: number): number | null {
  const i = curve.findIndex((p) => p.pgr >= target);
  if (i < 0) return null;
  const hit = curve[i]!;
  if (i === 0) return hit.strongShare;
  const prev = curve[i - 1]!;
  return prev.strongShare + ((target - prev.pgr) * (hit.strongShare - prev.strongShare)) / (hit.pgr - prev.pgr);
}

export function routerMetrics(
  points: readonly CurvePoint[],
  cheapQuality: number,
  strongQuality: number,
  targets: readonly number[] = [0.5, 0.8],
): RouterMetrics {
  const undefinedMetrics = (reason: string): RouterMetrics => ({
    curve: [],
    apgr: null,
    cpt: targets.map((target) => ({ target, strongShare: null })),
    undefinedReason: reason,
  });
  // PGR measures how much of the strong lane's advantage a router recovers: with none, it means nothing.
  if (strongQuality < cheapQuality) {
    return undefinedMetrics(`the cheap lane scores higher than the strong one on these samples (${cheapQuality} > ${strongQuality}): there is no gap to recover`);
  }
  const curve = pgrCurve(points, cheapQuality, strongQuality);
  if (!curve) {
    return undefinedMetrics(`the strong and cheap lanes have the same quality on these samples (${strongQuality}), so PGR divides by zero`);
  }
  return { curve, apgr: apgr(curve), cpt: targets.map((target) => ({ target, strongShare: cpt(curve, target) })) };
}

/**
 * Points not dominated on cost and quality (no other point is at most as costly and at
 * least as good, and strictly better on one), cheapest first. Exact duplicates keep one.
 */
export function paretoFrontier<T extends { costPerRequestUsd: number; quality: number }>(points: readonly T[]): T[] {
  const sorted = [...points].sort((a, b) => a.costPerRequestUsd - b.costPerRequestUsd || b.quality - a.quality);
  const frontier: T[] = [];
  let best = -Infinity;
  for (const p of sorted) {
    if (p.quality > best) {
      frontier.push(p);
      best = p.quality;
    }
  }
  return frontier;
}
