import { percentileOfSorted } from '../../domain/percentile.js';
import type { ReportDocument } from '../summary.js';
import type { LaneLatencies } from './data.js';
import { html, ms, num, pct, type Html } from './format.js';
import { section } from './layout.js';
import { linearScale, svg, ticks } from './svg.js';

const BINS = 40;
const LANE_COLORS = ['#2e9e44', '#e07b00', '#8e44ad', '#1f5fbf'];

/** Latency of each lane's successful calls: histograms on one shared axis, p50 and p95 marked. */
export function latencySection(doc: ReportDocument, lanes: readonly LaneLatencies[]): Html {
  const withData = lanes.filter((l) => l.valuesMs.length > 0);
  if (withData.length === 0) return section('latency', 'Lane latency', 'No successful call has a recorded latency.', html``);
  const recorded = doc.lanes.every((l) => l.provider === 'recorded')
    ? ' Every lane here is recorded (answers read from the traffic), so these are local read times, not provider latency.'
    : '';
  return section(
    'latency',
    'Lane latency',
    `Latency of every successful call of the run, per lane, on one axis (the last bin holds everything above the 99th percentile). Reference lane: ${doc.lanes.find((l) => l.isReference)?.name ?? 'n/a'}.${recorded}`,
    latencyChart(withData),
  );
}

function latencyChart(lanes: readonly LaneLatencies[]): Html {
  const sorted = lanes.map((l) => [...l.valuesMs].sort((a, b) => a - b));
  const all = sorted.flat().sort((a, b) => a - b);
  const hi = Math.max(1, percentileOfSorted(all, 99) ?? 0);
  const width = 1000;
  const labelWidth = 150;
  const right = 190;
  const rowH = 90;
  const top = 8;
  const height = top + lanes.length * rowH + 44;
  const x = linearScale([0, hi], [labelWidth, width - right]);
  const binW = hi / BINS;
  const histograms = sorted.map((values) => {
    const counts = new Array<number>(BINS).fill(0);
    for (const v of values) counts[Math.min(BINS - 1, Math.floor(v / binW))]!++;
    return counts.map((c) => c / values.length);
  });
  const maxShare = Math.max(...histograms.flat(), 1e-9);
  const yEnd = top + lanes.length * rowH;
  const grid = ticks([0, hi], 6).map(
    (v) =>
      html`<line class="grid" x1="${num(x(v))}" x2="${num(x(v))}" y1="${top}" y2="${yEnd}"/><text class="tick" x="${num(x(v))}" y="${yEnd + 16}" text-anchor="middle">${ms(v)}</text>`,
  );
  const rows = lanes.map((lane, i) => {
    const y0 = top + i * rowH;
    const base = y0 + rowH - 12;
    const color = lane.isReference ? '#1f5fbf' : LANE_COLORS[i % LANE_COLORS.length]!;
    const h = linearScale([0, maxShare], [base, y0 + 10]);
    const bars = histograms[i]!.map((share, b) =>
      share > 0
        ? html`<rect x="${num(x(b * binW) + 0.5)}" y="${num(h(share))}" width="${num(Math.max(1, x(binW) - x(0) - 1))}" height="${num(base - h(share))}" fill="${color}" opacity="0.85"/>`
        : html``,
    );
    const values = sorted[i]!;
    const p50 = percentileOfSorted(values, 50) ?? 0;
    const p95 = percentileOfSorted(values, 95) ?? 0;
    const marker = (v: number, label: string) =>
      html`<line x1="${num(x(Math.min(v, hi)))}" x2="${num(x(Math.min(v, hi)))}" y1="${num(y0 + 6)}" y2="${num(base)}" stroke="#111" stroke-width="1.5" stroke-dasharray="${label === 'p50' ? '' : '4 3'}"/><text class="small" x="${num(x(Math.min(v, hi)) + 4)}" y="${num(y0 + 14)}" stroke="#fff" stroke-width="3" paint-order="stroke">${label}</text>`;
    return html`<g class="lane-latency" data-lane="${lane.lane}"><text x="${labelWidth - 10}" y="${num(base - 26)}" text-anchor="end" font-weight="600">${lane.lane}</text><text class="small" x="${labelWidth - 10}" y="${num(base - 10)}" text-anchor="end">${lane.isReference ? 'reference · ' : ''}n=${values.length}</text><line class="axis" x1="${labelWidth}" x2="${width - right}" y1="${num(base)}" y2="${num(base)}"/>${bars}${p95 === p50 ? marker(p50, 'p50 = p95') : [marker(p50, 'p50'), marker(p95, 'p95')]}<text x="${width - right + 12}" y="${num(base - 26)}">p50 ${ms(p50)} · p95 ${ms(p95)}</text><text class="small" x="${width - right + 12}" y="${num(base - 10)}">max ${ms(values[values.length - 1]!)} · ${pct(values.filter((v) => v > hi).length / values.length)} above axis</text></g>`;
  });
  return svg({ width, height }, 'Latency distribution of each lane', [
    html`${grid}`,
    html`${rows}`,
    html`<text class="axis-label" x="${num((labelWidth + width - right) / 2)}" y="${yEnd + 36}" text-anchor="middle">latency per call</text>`,
  ]);
}
