import { html, num, type Html } from './format.js';

/**
 * Small SVG building blocks for the charts: scales, axes and the outer <svg>. Charts are
 * drawn in a fixed viewBox and scale to the page width, so they stay sharp when printed.
 */
export interface Scale {
  (value: number): number;
  domain: readonly [number, number];
  range: readonly [number, number];
}

export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  const scale = ((value: number) => r0 + ((value - d0) / span) * (r1 - r0)) as Scale;
  return Object.assign(scale, { domain, range });
}

/** About `count` round tick values covering the domain (steps of 1, 2 or 5 times a power of ten). */
export function ticks(domain: readonly [number, number], count = 5): number[] {
  const [lo, hi] = domain;
  if (!(hi > lo)) return [lo];
  const rough = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const first = Math.ceil(lo / step - 1e-9) * step;
  const out: number[] = [];
  for (let v = first; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

export interface Plot {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

export function innerBox(plot: Plot): { x0: number; x1: number; y0: number; y1: number } {
  return { x0: plot.margin.left, x1: plot.width - plot.margin.right, y0: plot.margin.top, y1: plot.height - plot.margin.bottom };
}

/** The outer <svg>, with a title and description for screen readers. */
export function svg(plot: Pick<Plot, 'width' | 'height'>, title: string, body: Html | Html[], className = 'chart'): Html {
  return html`<svg class="${className}" viewBox="0 0 ${plot.width} ${plot.height}" role="img" preserveAspectRatio="xMidYMid meet"><title>${title}</title>${body}</svg>`;
}

/** A horizontal axis at y with gridlines up to yTop. */
export function xAxis(x: Scale, y: number, yTop: number, format: (v: number) => string, label: string, count = 5): Html {
  const parts = ticks(x.domain, count).map(
    (v) =>
      html`<line class="grid" x1="${num(x(v))}" x2="${num(x(v))}" y1="${num(yTop)}" y2="${num(y)}"/><text class="tick" x="${num(x(v))}" y="${num(y + 16)}" text-anchor="middle">${format(v)}</text>`,
  );
  const mid = (x.range[0] + x.range[1]) / 2;
  return html`${parts}<line class="axis" x1="${num(x.range[0])}" x2="${num(x.range[1])}" y1="${num(y)}" y2="${num(y)}"/><text class="axis-label" x="${num(mid)}" y="${num(y + 36)}" text-anchor="middle">${label}</text>`;
}

/** A vertical axis at x with gridlines across to xRight. */
export function yAxis(y: Scale, x: number, xRight: number, format: (v: number) => string, label: string, count = 5): Html {
  const parts = ticks(y.domain, count).map(
    (v) =>
      html`<line class="grid" x1="${num(x)}" x2="${num(xRight)}" y1="${num(y(v))}" y2="${num(y(v))}"/><text class="tick" x="${num(x - 6)}" y="${num(y(v) + 4)}" text-anchor="end">${format(v)}</text>`,
  );
  const mid = (y.range[0] + y.range[1]) / 2;
  return html`${parts}<line class="axis" x1="${num(x)}" x2="${num(x)}" y1="${num(y.range[0])}" y2="${num(y.range[1])}"/><text class="axis-label" transform="translate(${num(x - 44)} ${num(mid)}) rotate(-90)" text-anchor="middle">${label}</text>`;
}
