import { confidenceLabel } from '../../domain/format.js';
import type { ReportCluster, ReportDocument } from '../summary.js';
import { html, interval, num, pct, type Html } from './format.js';
import { section } from './layout.js';
import { linearScale, svg, ticks } from './svg.js';

/** Clusters drawn; smaller ones are counted under the chart (the JSON document has them all). */
const MAX_CLUSTERS = 40;
const COLOR = { diverted: '#2e9e44', kept: '#8fa3bf', tooFew: '#d5dbe3' };

/** Per-cluster pass rate of the cheap lane with its interval, against the bar each cluster had to clear. */
export function clustersSection(doc: ReportDocument): Html {
  const shown = doc.clusters.slice(0, MAX_CLUSTERS);
  const rest = doc.clusters.length - shown.length;
  const diverted = doc.clusters.filter((c) => c.diverted);
  const divertedShare = diverted.reduce((sum, c) => sum + c.share, 0);
  return section(
    'clusters',
    'Clusters: pass rate and decision',
    `${diverted.length} of ${doc.clusters.length} clusters (${pct(divertedShare)} of the fitted traffic) go to a cheaper lane. ` +
      'A cluster goes cheap when the lower end of its pass-rate interval (not worse than the reference) clears its bar with enough samples judged. Largest clusters first.',
    [
      clusterChart(shown, doc.policy.routing.confidence),
      html`<div class="legend"><span class="key"><span class="swatch" style="background:${COLOR.diverted}"></span>routed to a cheaper lane</span><span class="key"><span class="swatch" style="background:${COLOR.kept}"></span>kept on the reference: interval below the bar</span><span class="key"><span class="swatch" style="background:${COLOR.tooFew}"></span>kept: too few judged</span><span class="key"><span class="swatch" style="background:#111;width:3px;height:14px"></span>bar to clear</span><span class="key">whiskers: ${confidenceLabel(doc.policy.routing.confidence)} interval</span></div>`,
      rest > 0 ? html`<p class="meta">${rest} smaller clusters not drawn.</p>` : html``,
    ],
  );
}

function clusterChart(clusters: readonly ReportCluster[], confidence: number): Html {
  const row = 28;
  const top = 8;
  const axisSpace = 44;
  const labelWidth = 300;
  const textWidth = 300;
  const width = 1000;
  const height = top + clusters.length * row + axisSpace;
  const lows = clusters.flatMap((c) => (c.pass && c.pass.rate !== null ? [c.pass.low] : []));
  const lo = Math.min(0.5, Math.floor(Math.min(1, ...lows) * 10) / 10);
  const x = linearScale([lo, 1], [labelWidth, width - textWidth]);
  const yEnd = top + clusters.length * row;
  const grid = ticks([lo, 1], 5).map(
    (v) =>
      html`<line class="grid" x1="${num(x(v))}" x2="${num(x(v))}" y1="${top}" y2="${yEnd}"/><text class="tick" x="${num(x(v))}" y="${yEnd + 16}" text-anchor="middle">${pct(v, 0)}</text>`,
  );
  const rows = clusters.map((c, i) => clusterRow(c, top + i * row, row, x, labelWidth, width - textWidth));
  return svg(
    { width, height },
    `Pass rate of the cheap lane per cluster, with ${confidenceLabel(confidence)} intervals and the threshold`,
    [
      html`${grid}<line class="axis" x1="${labelWidth}" x2="${labelWidth}" y1="${top}" y2="${yEnd}"/>`,
      html`${rows}`,
      html`<text class="axis-label" x="${num((labelWidth + width - textWidth) / 2)}" y="${yEnd + 36}" text-anchor="middle">pass rate of the cheaper lane (not worse than the reference)</text>`,
    ],
  );
}

function clusterRow(c: ReportCluster, y: number, h: number, x: (v: number) => number, x0: number, x1: number): Html {
  const mid = y + h / 2;
  const terms = c.labels.slice(0, 4).join(', ');
  const label = `#${c.cluster} · ${pct(c.share)} · ${terms.length > 38 ? `${terms.slice(0, 37)}…` : terms}`;
  const color = c.diverted ? COLOR.diverted : c.shortfall === 'too_few_judged' ? COLOR.tooFew : COLOR.kept;
  const text =
    c.pass && c.pass.rate !== null
      ? `${c.diverted ? `→ ${c.lane}` : `→ ${c.lane}, ${c.passLane ?? '?'} ${c.shortfall === 'too_few_judged' ? 'too few' : 'fails'}`} · ${pct(c.pass.rate)} ${interval(c.pass)} n=${c.pass.n}`
      : `${c.lane} · not judged`;
  const overrides = c.overrides.length ? ` · ${c.overrides.length} override${c.overrides.length > 1 ? 's' : ''}` : '';
  const clamp = (v: number) => Math.min(x1, Math.max(x0, x(v)));
  const bar =
    c.pass && c.pass.rate !== null
      ? html`<rect x="${x0}" y="${num(y + 6)}" width="${num(Math.max(0, clamp(c.pass.rate) - x0))}" height="${h - 12}" fill="${color}" rx="2"/><line x1="${num(clamp(c.pass.low))}" x2="${num(clamp(c.pass.high))}" y1="${num(mid)}" y2="${num(mid)}" stroke="#222" stroke-width="1.5"/><line x1="${num(clamp(c.pass.low))}" x2="${num(clamp(c.pass.low))}" y1="${num(mid - 5)}" y2="${num(mid + 5)}" stroke="#222" stroke-width="1.5"/><line x1="${num(clamp(c.pass.high))}" x2="${num(clamp(c.pass.high))}" y1="${num(mid - 5)}" y2="${num(mid + 5)}" stroke="#222" stroke-width="1.5"/>`
      : html``;
  const threshold = html`<line x1="${num(clamp(c.passThreshold))}" x2="${num(clamp(c.passThreshold))}" y1="${num(y + 2)}" y2="${num(y + h - 2)}" stroke="#111" stroke-width="2.5"/>`;
  return html`<g class="cluster-row" data-cluster="${c.cluster}"><title>cluster ${c.cluster}: ${c.labels.join(', ')}; ${c.n} samples, ${c.judged} judged; bar ${pct(c.passThreshold, 0)}${c.governingTags.length ? ` (set by ${c.governingTags.join(', ')})` : ''}, min ${c.minSamples} judged</title><text x="${x0 - 8}" y="${num(mid + 4)}" text-anchor="end">${label}</text>${bar}${threshold}<text class="small" x="${x1 + 8}" y="${num(mid + 4)}">${text}${overrides}</text></g>`;
}
