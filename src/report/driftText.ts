import { pct } from '../domain/format.js';
import type { DriftReport } from '../pipeline/drift.js';
import { table } from './replaySummary.js';

/** Text for `router-eval drift` (pure). */

const MAX_ROWS = 15;

export function formatDriftReport(r: DriftReport): string {
  const ood = r.cluster.outOfDistribution;
  const lines = [
    `table ${r.table.file} (run ${r.table.runId}, dataset ${r.table.dataset}, ${r.table.clusters} clusters fitted on ${r.table.fittedSamples} samples)`,
    `traffic: ${r.samples} prompts from ${r.traffic.files.join(', ')}${r.traffic.rejected ? ` (${r.traffic.rejected} rows rejected)` : ''}`,
    ...r.traffic.problems.map((p) => `  ${p.file}:${p.line}: ${p.field}: ${p.reason}`),
    '',
    `cluster mix: PSI ${r.cluster.psi.toFixed(3)} (sampling noise alone: about ${r.cluster.noiseFloor.toFixed(3)}), total variation ${pct(r.cluster.totalVariation)}`,
    `out of distribution: ${pct(ood.rate, 1, '-')} [${pct(ood.low)}, ${pct(ood.high)}] (${ood.k} of ${ood.n} beyond their cluster's radius)`,
    '',
    table([
      ['cluster', 'lane', 'labels', 'table', 'now', 'change', 'psi', 'ood'],
      ...r.clusters.slice(0, MAX_ROWS).map((c) => [
        String(c.cluster),
        c.lane,
        c.labels.slice(0, 3).join(', '),
        pct(c.baselineShare),
        pct(c.currentShare),
        `${c.delta >= 0 ? '+' : ''}${(c.delta * 100).toFixed(1)}`,
        c.psi.toFixed(3),
        c.n ? pct(c.outOfDistribution / c.n) : '-',
      ]),
    ]),
  ];
  if (r.clusters.length > MAX_ROWS) lines.push(`… ${r.clusters.length - MAX_ROWS} more clusters (--json lists all)`);
  lines.push('');
  if (r.attributes === null) lines.push(r.attributesNote ?? '');
  else {
    for (const a of r.attributes) {
      const top = a.categories.slice(0, 3).map((c) => `${c.key} ${pct(c.baselineShare)} -> ${pct(c.currentShare)}`).join(', ');
      lines.push(`${a.source === 'tag' ? 'tag' : a.attribute} mix: PSI ${a.psi.toFixed(3)}${top ? ` (${top})` : ''}`);
    }
  }
  lines.push('');
  for (const g of r.gates) lines.push(`[${g.tripped ? 'TRIPPED' : g.checked ? 'ok' : 'n/a'}] ${g.gate}: ${g.evidence}`);
  lines.push('', 'what to do:', ...r.actions.map((a) => `  - ${a}`));
  return lines.join('\n');
}
