import { percentileOfSorted } from '../domain/percentile.js';
import type { MeanEstimate, Proportion } from '../domain/analysis.js';

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/**
 * Complementary error function (Numerical Recipes `erfcc`, Chebyshev fit): fractional
 * error below 1.2e-7 everywhere, so tail p-values stay accurate relative to their size.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -z * z -
    1.26551223 +
    t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const r = t * Math.exp(poly);
  return x >= 0 ? r : 2 - r;
}

/** Standard normal cumulative distribution. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Inverse standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p must be in (0, 1), got ${p}`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  const tail = (q: number): number =>
    (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  const pLow = 0.02425;
  if (p < pLow) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - pLow) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
}

/** z for a two-sided interval at this confidence level (0.95 -> 1.96). */
export function zForConfidence(confidence: number): number {
  return confidence === 0.95 ? Z95 : normalQuantile(1 - (1 - confidence) / 2);
}

/** Wilson score interval for k successes out of n; [0, 1] when n is 0. */
export function wilson(k: number, n: number, z: number = Z95): { low: number; high: number } {
  if (n === 0) return { low: 0, high: 1 };
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // k = 0 and k = n give exactly 0 and 1 analytically; float noise would miss them.
  return { low: k === 0 ? 0 : Math.max(0, centre - half), high: k === n ? 1 : Math.min(1, centre + half) };
}

/** k out of n with its Wilson interval. */
export function proportion(k: number, n: number, z: number = Z95): Proportion {
  return { k, n, rate: n === 0 ? null : k / n, ...wilson(k, n, z) };
}

export interface TwoProportionTest {
  /** rate1 - rate2. */
  diff: number;
  z: number;
  /** Two-sided p-value. */
  p: number;
}

/**
 * Two-proportion z-test with the pooled standard error; two-sided. When either group is
 * empty or the pooled rate is 0 or 1 there is no evidence of a difference: z = 0, p = 1.
 */
export function twoProportionTest(k1: number, n1: number, k2: number, n2: number): TwoProportionTest {
  if (n1 === 0 || n2 === 0) return { diff: 0, z: 0, p: 1 };
  const p1 = k1 / n1;
  const p2 = k2 / n2;
  const pooled = (k1 + k2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return { diff: p1 - p2, z: 0, p: 1 };
  const z = (p1 - p2) / se;
  return { diff: p1 - p2, z, p: Math.min(1, erfc(Math.abs(z) / Math.SQRT2)) };
}

/**
 * Benjamini-Hochberg adjusted p-values (q-values), in the input order:
 * q(i) = min over j >= rank(i) of m * p(j) / j, capped at 1.
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p || x.i - y.i);
  const q = new Array<number>(m);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const entry = order[rank - 1]!;
    running = Math.min(running, (m * entry.p) / rank);
    q[entry.i] = running;
  }
  return q;
}

/** Nearest-rank percentile of unsorted values (src/domain/percentile.ts); null when empty. */
export function percentile(values: readonly number[], pct: number): number | null {
  return percentileOfSorted([...values].sort((a, b) => a - b), pct);
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Mean with a normal-approximation interval (sample standard deviation). */
export function meanEstimate(values: readonly number[], z: number = Z95): MeanEstimate {
  const m = mean(values);
  if (m === null || values.length < 2) return { n: values.length, mean: m, low: null, high: null };
  let ss = 0;
  for (const v of values) ss += (v - m) ** 2;
  const half = z * Math.sqrt(ss / (values.length - 1) / values.length);
  return { n: values.length, mean: m, low: m - half, high: m + half };
}

export { mulberry32, seededShuffle } from '../domain/random.js';
