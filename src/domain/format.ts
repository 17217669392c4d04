import type { Proportion } from './analysis.js';

/**
 * Number formats shared by the analysis evidence and the reports, so a figure reads the
 * same in the terminal, the HTML page, CI summaries and gate evidence.
 */

/** A share as a percentage ("12.3%"); `missing` stands for a figure that could not be measured. */
export function pct(share: number | null | undefined, digits = 1, missing = 'n/a'): string {
  return share === null || share === undefined ? missing : `${(share * 100).toFixed(digits)}%`;
}

/** An interval's bounds in percentage points, without the % sign: "[12.3, 45.6]". */
export function bounds(p: Pick<Proportion, 'low' | 'high'>): string {
  return `[${(p.low * 100).toFixed(1)}, ${(p.high * 100).toFixed(1)}]`;
}

/** A rate with its interval: "12.3% [10.1, 14.6]". */
export function rateInterval(p: Proportion | null): string {
  return p === null || p.rate === null ? 'n/a' : `${pct(p.rate)} ${bounds(p)}`;
}

/** Dollars: four decimals, or three significant digits for amounts below a cent (per-request costs). */
export function usd(x: number | null | undefined): string {
  return x === null || x === undefined ? 'n/a' : Math.abs(x) >= 0.01 ? `$${x.toFixed(4)}` : `$${x.toPrecision(3)}`;
}

export function ms(x: number | null | undefined): string {
  return x === null || x === undefined ? 'n/a' : `${Math.round(x)} ms`;
}

/** A confidence level as a label: 0.95 -> "95%", 0.975 -> "97.5%". */
export function confidenceLabel(confidence: number): string {
  return `${Number((confidence * 100).toFixed(1))}%`;
}
