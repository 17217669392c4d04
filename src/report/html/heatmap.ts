import { segmentName, type SegmentClusterCell } from '../../analysis/index.js';
import type { ReportDocument } from '../summary.js';
import { html, num, pct, type Html } from './format.js';
import { section } from './layout.js';
import { svg } from './svg.js';

/** Rows drawn per attribute (most traffic first) and in all; the rest are counted under the chart. */
const MAX_VALUES_PER_ATTRIBUTE = 25;
const MAX_ROWS = 60;
const SMALL = '#e4e7eb';
const STOPS: [number, [number, number, number]][] = [
  [0, [255, 255, 255]],
  [0.25, [254, 224, 182]],
  [0.6, [245, 130, 80]],
  [1, [165, 15, 21]],
];

/** White (no harm) through orange to dark red (harm at or above the scale's top). */
function harmColor(rate: number, top: number): string {
  const t = Math.min(1, Math.max(0, top > 0 ? rate / top : 0));
  const i = STOPS.findIndex(([at]) => at >= t);
  const [a, ca] = STOPS[Math.max(0, i - 1)]!;
  const [b, cb] = STOPS[Math.max(0, i)]!;
  const f = b === a ? 0 : (t - a) / (b - a);
  const rgb = ca.map((v, k) => Math.round(v + (cb[k]! - v) * f));
  return `rgb(${rgb.join(',')})`;
}

interface Row {
  key: string;
  label: string;
  flagged: boolean;
  n: number;
}

/** Harm (share served a worse answer) per segment value x cluster, under the final table. */
export function heatmapSection(doc: ReportDocument, cells: readonly SegmentClusterCell[]): Html {
  const minCell = doc.policy.segments.minCellSamples;
  const lede = `Share of each segment's requests in each cluster that the cluster decisions would serve a worse answer than the reference lane${doc.holdout ? ', on the holdout part' : ''}. Outlined cells are segment overrides: the final table sends them to the reference, so their harm becomes 0. Cells with fewer than ${minCell} samples are grey (too small to read); ⚑ marks a flagged segment.`;
  if (cells.length === 0) return section('heatmap', 'Segments × clusters', 'No segment attributes or tags in this traffic.', html``);
  const { chart, hidden } = heatmapChart(doc, cells);
  return section('heatmap', 'Segments × clusters', lede, [
    chart,
    heatLegend(heatTop(cells, minCell), minCell),
    hidden > 0 ? html`<p class="meta">${hidden} rarer segment values not drawn.</p>` : html``,
  ]);
}

/** The top of the colour scale: the largest harm among readable cells, at least 20%. */
function heatTop(cells: readonly SegmentClusterCell[], minCell: number): number {
  const rates = cells.filter((c) => c.n >= minCell && c.harm.rate !== null).map((c) => c.harm.rate!);
  return Math.max(0.2, ...rates);
}

const keyOf = (c: Pick<SegmentClusterCell, 'source' | 'attribute' | 'value'>) => `${c.source}\u0000${c.attribute}\u0000${c.value}`;

function rowsOf(doc: ReportDocument, cells: readonly SegmentClusterCell[]): { rows: Row[]; hidden: number } {
  const totals = new Map<string, Row & { source: string; attribute: string }>();
  for (const c of cells) {
    const key = keyOf(c);
    const row = totals.get(key);
    if (row) row.n += c.n;
    else {
      const label = segmentName(c);
      const flagged = doc.flags.some((f) => f.segment === label);
      totals.set(key, { key, label, flagged, n: c.n, source: c.source, attribute: c.attribute });
    }
  }
  const groups = new Map<string, (Row & { source: string })[]>();
  for (const row of totals.values()) {
    const group = `${row.source === 'segment' ? 0 : 1}\u0000${row.attribute}`;
    groups.set(group, [...(groups.get(group) ?? []), row]);
  }
  const ordered = [...groups.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .flatMap(([, rows]) => [...rows].sort((a, b) => b.n - a.n || (a.label < b.label ? -1 : 1)).slice(0, MAX_VALUES_PER_ATTRIBUTE));
  const rows = ordered.slice(0, MAX_ROWS);
  return { rows, hidden: totals.size - rows.length };
}

function heatmapChart(doc: ReportDocument, cells: readonly SegmentClusterCell[]): { chart: Html; hidden: number } {
  const minCell = doc.policy.segments.minCellSamples;
  const top = heatTop(cells, minCell);
  const { rows, hidden } = rowsOf(doc, cells);
  const clusters = doc.clusters.map((c) => c.cluster).filter((id) => cells.some((cell) => cell.cluster === id));
  const byKey = new Map(cells.map((c) => [`${keyOf(c)}\u0000${c.cluster}`, c]));
  const overridden = new Set(doc.overrides.map((o) => `${keyOf(o)}\u0000${o.cluster}`));
  const diverted = new Set(doc.clusters.filter((c) => c.diverted).map((c) => c.cluster));

  const labelWidth = 230;
  const width = 1000;
  const cellW = Math.min(64, (width - labelWidth - 10) / Math.max(1, clusters.length));
  const cellH = 24;
  const head = 40;
  const height = head + rows.length * cellH + 8;
  const showText = cellW >= 34;

  const header = clusters.map(
    (id, j) =>
      html`<text x="${num(labelWidth + j * cellW + cellW / 2)}" y="22" text-anchor="middle" font-weight="600" fill="${diverted.has(id) ? '#1a7f4b' : '#5b6575'}">#${id}</text><text class="small" x="${num(labelWidth + j * cellW + cellW / 2)}" y="35" text-anchor="middle">${diverted.has(id) ? 'cheap' : 'ref'}</text>`,
  );
  const body = rows.map((row, i) => {
    const y = head + i * cellH;
    const squares = clusters.map((id, j) => {
      const cell = byKey.get(`${row.key}\u0000${id}`);
      if (!cell) return html``;
      const x = labelWidth + j * cellW;
      const small = cell.n < minCell || cell.harm.rate === null;
      const rate = cell.harm.rate ?? 0;
      const fill = small ? SMALL : harmColor(rate, top);
      const dark = !small && rate / top > 0.6;
      const outline = overridden.has(`${row.key}\u0000${id}`);
      const tip = `${row.label} in cluster ${id}: ${small ? `only ${cell.n} samples` : `${pct(rate)} served worse [${pct(cell.harm.low)}, ${pct(cell.harm.high)}], n=${cell.n}`}${outline ? '; a segment override sends it to the reference' : ''}`;
      const figure = rate === 0 ? '0' : (rate * 100).toFixed(0);
      return html`<g><title>${tip}</title><rect x="${num(x + 1)}" y="${num(y + 1)}" width="${num(cellW - 2)}" height="${cellH - 2}" fill="${fill}" stroke="${outline ? '#111' : '#fff'}" stroke-width="${outline ? 2.5 : 1}"/>${
        showText && !small ? html`<text x="${num(x + cellW / 2)}" y="${num(y + cellH / 2 + 4)}" text-anchor="middle" font-size="11" fill="${dark ? '#fff' : '#1d2430'}">${outline ? `${figure}→0` : figure}</text>` : html``
      }</g>`;
    });
    const label = row.label.length > 30 ? `${row.label.slice(0, 29)}…` : row.label;
    return html`<g class="heat-row"><text x="${labelWidth - 8}" y="${num(y + cellH / 2 + 4)}" text-anchor="end"${row.flagged ? html` fill="#b42318" font-weight="600"` : html``}>${row.flagged ? '⚑ ' : ''}${label} (n=${row.n})</text>${squares}</g>`;
  });
  const chart = svg({ width, height }, 'Harm per segment value and cluster', [html`${header}`, html`${body}`], 'chart heatmap');
  return { chart, hidden };
}

function heatLegend(top: number, minCell: number): Html {
  const stops = STOPS.map(([at]) => `${harmColor(at * top, top)} ${Math.round(at * 100)}%`).join(', ');
  return html`<div class="legend"><span class="key">served worse (% of the cell):</span><span class="key">0%<span class="swatch" style="width:160px;height:12px;border:1px solid #ccd;background:linear-gradient(90deg, ${stops})"></span>${pct(top, 0)}+</span><span class="key"><span class="swatch" style="background:${SMALL};height:12px"></span>fewer than ${minCell} samples</span><span class="key"><span class="swatch" style="background:#fff;border:2.5px solid #111;height:12px"></span>segment override (harm → 0 in the final table)</span><span class="key">column: cluster (cheap = routed to a cheaper lane, ref = kept on the reference)</span></div>`;
}
