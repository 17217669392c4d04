import type { ClusterGeometry, Proportion } from '../domain/analysis.js';
import { proportion, zForConfidence } from './stats.js';

/**
 * Drift measures (issue 8): how far new traffic's mix is from the mix a table was fitted on.
 *
 * Population stability index: PSI = sum over categories of (a - e) * ln(a / e), with e the
 * baseline share and a the current share. Smoothing: a share of zero makes the log
 * infinite, so every share is floored at `epsilon` (default 1e-4) and the shares are
 * renormalised to sum to 1 before the sum. A category present on one side only thus
 * contributes a large but finite amount.
 */
export const PSI_EPSILON = 1e-4;

export interface CategoryShift {
  key: string;
  baselineShare: number;
  currentShare: number;
  /** currentShare - baselineShare (unsmoothed). */
  delta: number;
  /** This category's term of the PSI sum (smoothed). */
  psi: number;
}

export interface MixShift {
  psi: number;
  /** Total variation distance: half the sum of absolute share differences, in [0, 1]. */
  totalVariation: number;
  /** Categories by absolute share change, largest first. */
  categories: CategoryShift[];
}

function shares(counts: Readonly<Record<string, number>>, keys: readonly string[]): number[] {
  const total = keys.reduce((sum, k) => sum + (counts[k] ?? 0), 0);
  return keys.map((k) => (total === 0 ? 0 : (counts[k] ?? 0) / total));
}

function smooth(values: readonly number[], epsilon: number): number[] {
  const floored = values.map((v) => Math.max(v, epsilon));
  const total = floored.reduce((a, b) => a + b, 0);
  return floored.map((v) => v / total);
}

/** PSI and total variation between two category count maps (counts or shares: each side is normalised). */
export function mixShift(
  baseline: Readonly<Record<string, number>>,
  current: Readonly<Record<string, number>>,
  epsilon = PSI_EPSILON,
): MixShift {
  const keys = [...new Set([...Object.keys(baseline), ...Object.keys(current)])].sort();
  const e = shares(baseline, keys);
  const a = shares(current, keys);
  const es = smooth(e, epsilon);
  const as = smooth(a, epsilon);
  const categories = keys.map((key, i) => ({
    key,
    baselineShare: e[i]!,
    currentShare: a[i]!,
    delta: a[i]! - e[i]!,
    psi: (as[i]! - es[i]!) * Math.log(as[i]! / es[i]!),
  }));
  return {
    psi: categories.reduce((sum, c) => sum + c.psi, 0),
    totalVariation: categories.reduce((sum, c) => sum + Math.abs(c.delta), 0) / 2,
    categories: categories.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || (x.key < y.key ? -1 : 1)),
  };
}

/**
 * The PSI expected from sampling noise alone when nothing changed: about
 * (categories - 1) * (1/n_baseline + 1/n_current), since n * PSI behaves like a
 * chi-square with categories - 1 degrees of freedom. Pass Infinity for a baseline known
 * exactly. A limit set well above this avoids false alarms on small samples.
 */
export function psiNoiseFloor(categories: number, baselineN: number, currentN: number): number {
  return Math.max(0, categories - 1) * (1 / baselineN + 1 / currentN);
}

export interface ClusterDrift extends MixShift {
  /** Share of current prompts farther from their centroid than the cluster radius. */
  outOfDistribution: Proportion;
  /** PSI expected from sampling noise alone at these sizes. */
  noiseFloor: number;
  /** Clusters whose share moved most (absolute change), at most `top`. */
  movers: CategoryShift[];
}

export interface ClusterDriftOptions {
  epsilon?: number;
  /** Samples behind the baseline counts (Infinity when they are exact shares). */
  baselineN?: number;
  top?: number;
  confidence?: number;
}

/**
 * Drift of the cluster mix: baseline counts (or shares) per cluster against the current
 * traffic's assignments, with the out-of-distribution share under the clusters' radii
 * (an assignment to a cluster the geometry does not know counts as out of distribution).
 */
export function clusterDrift(
  baseline: Readonly<Record<string, number>>,
  assignments: readonly { cluster: number; distance: number }[],
  geometry: readonly ClusterGeometry[],
  options: ClusterDriftOptions = {},
): ClusterDrift {
  const current: Record<string, number> = {};
  const radii = new Map(geometry.map((g) => [g.cluster, g.radius]));
  let ood = 0;
  for (const a of assignments) {
    current[a.cluster] = (current[a.cluster] ?? 0) + 1;
    const radius = radii.get(a.cluster);
    if (radius === undefined || a.distance > radius) ood++;
  }
  const shift = mixShift(baseline, current, options.epsilon ?? PSI_EPSILON);
  const baselineN = options.baselineN ?? Object.values(baseline).reduce((a, b) => a + b, 0);
  return {
    ...shift,
    outOfDistribution: proportion(ood, assignments.length, zForConfidence(options.confidence ?? 0.95)),
    noiseFloor: psiNoiseFloor(shift.categories.length, baselineN, assignments.length),
    movers: shift.categories.slice(0, options.top ?? 5),
  };
}

export interface AttributeShift extends MixShift {
  source: 'segment' | 'tag';
  attribute: string;
}

/** Category label for a record lacking the attribute, so that a growing share of unknowns shows as drift too. */
export const MISSING_VALUE = '(missing)';

/** Shift of each segment attribute's value mix and of the tag mix between two sets of records. */
export function segmentMixShift(
  baseline: readonly { segments: Record<string, string>; tag?: string }[],
  current: readonly { segments: Record<string, string>; tag?: string }[],
  epsilon = PSI_EPSILON,
): AttributeShift[] {
  const attributes = [...new Set([...baseline, ...current].flatMap((r) => Object.keys(r.segments)))].sort();
  const count = (records: typeof baseline, pick: (r: (typeof baseline)[number]) => string | undefined) => {
    const out: Record<string, number> = {};
    for (const r of records) {
      const v = pick(r) ?? MISSING_VALUE;
      out[v] = (out[v] ?? 0) + 1;
    }
    return out;
  };
  const shifts: AttributeShift[] = attributes.map((attribute) => ({
    source: 'segment',
    attribute,
    ...mixShift(count(baseline, (r) => r.segments[attribute]), count(current, (r) => r.segments[attribute]), epsilon),
  }));
  if ([...baseline, ...current].some((r) => r.tag !== undefined)) {
    shifts.push({ source: 'tag', attribute: 'tag', ...mixShift(count(baseline, (r) => r.tag), count(current, (r) => r.tag), epsilon) });
  }
  return shifts;
}
