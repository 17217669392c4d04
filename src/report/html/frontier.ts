import type { OperatingPoint, PatternCurve, PatternName } from '../../analysis/index.js';
import type { ReportDocument } from '../summary.js';
import { html, num, pct, type Html } from './format.js';
import { section } from './layout.js';
import { innerBox, linearScale, svg, xAxis, yAxis, type Plot } from './svg.js';

/** One colour and dash per pattern, the same in the chart, its legend and the metrics table. */
export const PATTERN_STYLE: Record<PatternName, { color: string; dash: string; label: string }> = {
  cluster: { color: '#1f5fbf', dash: '', label: 'cluster (this table, swept over its threshold)' },
  length: { color: '#e07b00', dash: '', label: 'length cutoff' },
  tag: { color: '#2e9e44', dash: '', label: 'per-tag table' },
  cascade: { color: '#8e44ad', dash: '', label: 'cascade (cheap first, judge escalates)' },
  random: { color: '#7b8794', dash: '6 4', label: 'random (baseline)' },
  oracle: { color: '#c0392b', dash: '', label: 'oracle (ceiling)' },
};

const ORDER: PatternName[] = ['cluster', 'length', 'tag', 'cascade', 'random', 'oracle'];

/** Where the stored table sits: strong share and quality of the headline on the reported part. */
function chosenPoint(doc: ReportDocument): { strongShare: number; quality: number } | null {
  const patterns = doc.patterns;
  const h = doc.headline.holdout ?? doc.headline.inSample;
  if (!patterns || h.diversion.rate === null) return null;
  const quality = patterns.qualityMode === 'labels' ? (h.quality?.served.mean ?? null) : h.regression.rate === null ? null : 1 - h.regression.rate;
  return quality === null ? null : { strongShare: 1 - h.diversion.rate, quality };
}

/** The cost-quality frontier of every pattern on one chart: x = strong-call share, y = quality. */
export function frontierSection(doc: ReportDocument, curves: readonly PatternCurve[]): Html {
  const patterns = doc.patterns;
  if (!patterns || curves.length === 0) {
    return section('frontier', 'Cost-quality frontier', 'Not available: no lane is cheaper than the reference lane, or no sample could be compared.', html``);
  }
  const quality = patterns.qualityMode === 'labels' ? 'mean quality (recorded labels)' : 'share served an answer not worse than strong';
  const chosen = chosenPoint(doc);
  return section(
    'frontier',
    'Cost-quality frontier',
    `Each router design swept over its parameter on ${patterns.n} samples: x is the share of requests that call the strong lane (${patterns.strongLane}), y is ${quality}. Up and to the left is better. ` +
      `All-${patterns.cheapLane}: ${patterns.cheap.quality.toFixed(3)} at $${patterns.cheap.costPerRequestUsd.toPrecision(3)}/request; all-${patterns.strongLane}: ${patterns.strong.quality.toFixed(3)} at $${patterns.strong.costPerRequestUsd.toPrecision(3)}/request.`,
    [frontierChart(curves, chosen, patterns.qualityMode === 'labels' ? 'mean quality' : 'share not worse than strong'), legend(curves, chosen !== null)],
  );
}

function frontierChart(curves: readonly PatternCurve[], chosen: { strongShare: number; quality: number } | null, yLabel: string): Html {
  const plot: Plot = { width: 1000, height: 440, margin: { top: 16, right: 24, bottom: 50, left: 70 } };
  const box = innerBox(plot);
  const values = curves.flatMap((c) => c.points.map((p) => p.quality)).concat(chosen ? [chosen.quality] : []);
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  const pad = Math.max((hi - lo) * 0.08, 0.005);
  lo = Math.max(0, lo - pad);
  hi = hi + pad;
  const x = linearScale([0, 1], [box.x0, box.x1]);
  const y = linearScale([lo, hi], [box.y1, box.y0]);
  const digits = hi - lo < 0.05 ? 3 : 2;
  const ordered = [...curves].sort((a, b) => ORDER.indexOf(a.pattern) - ORDER.indexOf(b.pattern)).reverse();
  const lines = ordered.map((curve) => curveMarks(curve, x, y));
  const mark = chosen ? chosenMark(x(chosen.strongShare), y(chosen.quality), chosen) : html``;
  return svg(plot, `Cost-quality frontier: quality against strong-call share for each router pattern`, [
    xAxis(x, box.y1, box.y0, (v) => pct(v, 0), 'share of requests calling the strong lane'),
    yAxis(y, box.x0, box.x1, (v) => v.toFixed(digits), yLabel),
    html`${lines}`,
    mark,
  ]);
}

/** The stored table's point, labelled below it, on the side with room (the label never leaves the plot). */
function chosenMark(cx: number, cy: number, chosen: { strongShare: number; quality: number }): Html {
  const left = cx > 600;
  const tx = left ? cx - 24 : cx + 24;
  return html`<g class="chosen"><circle cx="${num(cx)}" cy="${num(cy)}" r="9" fill="none" stroke="#111" stroke-width="2.5"/><circle cx="${num(cx)}" cy="${num(cy)}" r="3" fill="#111"/><line x1="${num(left ? cx - 6 : cx + 6)}" y1="${num(cy + 7)}" x2="${num(left ? cx - 22 : cx + 22)}" y2="${num(cy + 30)}" stroke="#111"/><text x="${num(tx)}" y="${num(cy + 42)}" text-anchor="${left ? 'end' : 'start'}" font-weight="600" stroke="#fff" stroke-width="4" paint-order="stroke">chosen table: ${pct(chosen.strongShare)} strong, quality ${chosen.quality.toFixed(3)}</text></g>`;
}

function curveMarks(curve: PatternCurve, x: (v: number) => number, y: (v: number) => number): Html {
  const style = PATTERN_STYLE[curve.pattern];
  const points = [...curve.points].sort((a, b) => a.strongShare - b.strongShare || a.quality - b.quality);
  const title = (p: OperatingPoint) =>
    `${curve.pattern}${p.parameter === null ? '' : ` (${curve.parameterName} ${Number(p.parameter.toPrecision(4))})`}: ${pct(p.strongShare)} strong, quality ${p.quality.toFixed(3)}, $${p.costPerRequestUsd.toPrecision(3)}/request, regression ${pct(p.regressionRate)}`;
  const dots = points.map(
    (p) =>
      html`<circle cx="${num(x(p.strongShare))}" cy="${num(y(p.quality))}" r="${curve.pattern === 'oracle' ? 7 : 3}" fill="${style.color}"><title>${title(p)}</title></circle>`,
  );
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${num(x(p.strongShare))} ${num(y(p.quality))}`).join(' ');
  const width = curve.pattern === 'cluster' ? 3 : 2;
  const line =
    points.length > 1
      ? html`<path d="${path}" fill="none" stroke="${style.color}" stroke-width="${width}" stroke-linejoin="round"${style.dash ? html` stroke-dasharray="${style.dash}"` : html``}/>`
      : html``;
  return html`<g class="pattern" data-pattern="${curve.pattern}">${line}${dots}</g>`;
}

function legend(curves: readonly PatternCurve[], hasChosen: boolean): Html {
  const present = ORDER.filter((p) => curves.some((c) => c.pattern === p));
  const keys = present.map((p) => {
    const style = PATTERN_STYLE[p];
    const swatch =
      p === 'oracle'
        ? `background: ${style.color}; width: 12px; height: 12px; border-radius: 50%;`
        : style.dash
          ? `background: repeating-linear-gradient(90deg, ${style.color} 0 6px, transparent 6px 10px); height: 3px;`
          : `background: ${style.color}; height: ${p === 'cluster' ? 4 : 3}px;`;
    return html`<span class="key"><span class="swatch" style="${swatch}"></span>${style.label}</span>`;
  });
  const chosen = hasChosen
    ? html`<span class="key"><span class="swatch" style="width: 12px; height: 12px; border: 2.5px solid #111; border-radius: 50%;"></span>chosen operating point (the stored table, overrides applied)</span>`
    : html``;
  return html`<div class="legend">${keys}${chosen}</div>`;
}
