import { pct } from '../domain/format.js';
import type { RunRow, RunsDiff } from '../pipeline/runsDiff.js';
import { table } from './replaySummary.js';

/** Text for `runs list` and `runs diff` (pure). */

const share = (x: number | null): string => pct(x, 1, '-');
const usd = (x: number | null): string => (x === null ? '-' : `$${x.toFixed(4)}`);
const signed = (x: number, fmt: (v: number) => string): string => `${x >= 0 ? '+' : '-'}${fmt(Math.abs(x))}`;

export function formatRunRows(rows: readonly RunRow[]): string {
  if (rows.length === 0) return 'no runs yet; start one with "router-eval replay"';
  const header = ['run', 'dataset', 'status', 'created', 'samples', 'spend', 'diversion', 'regression', 'saving'];
  return table([
    header,
    ...rows.map((r) => [r.id, r.dataset, r.status, r.createdAt.slice(0, 19).replace('T', ' '), String(r.samples), usd(r.spentUsd), share(r.diversionRate), share(r.regressionRate), share(r.savingShare)]),
  ]);
}

export function formatRunsDiff(d: RunsDiff): string {
  const lines = [
    `A ${d.a.id} (${d.a.dataset}, ${d.a.samples} samples)  ->  B ${d.b.id} (${d.b.dataset}, ${d.b.samples} samples)`,
    `clusters: ${d.matching.note}`,
    '',
    `diversion  ${share(d.diversion.a.rate)} -> ${share(d.diversion.b.rate)}`,
    `regression ${share(d.regression.a.rate)} -> ${share(d.regression.b.rate)}`,
    `cost/request (routed) ${usd(d.costPerRequestUsd.a)} -> ${usd(d.costPerRequestUsd.b)}`,
    `spend ${usd(d.spend.a)} -> ${usd(d.spend.b)} (${signed(d.spend.change, (v) => `$${v.toFixed(4)}`)})`,
    ...d.p95LatencyMs.map((l) => `p95 latency ${l.lane}: ${l.a ?? '-'} ms -> ${l.b ?? '-'} ms`),
    '',
  ];
  if (d.flips.length === 0) lines.push('decisions: no matched cluster changed lane');
  else {
    lines.push(`decisions: ${d.flips.length} matched cluster(s) changed lane (${share(d.flipShare)} of matched, ${share(d.flipTrafficShare)} of B's traffic)`);
    for (const f of d.flips) {
      lines.push(`  cluster ${f.a} -> ${f.b}${f.labels.length ? ` (${f.labels.slice(0, 3).join(', ')})` : ''}: ${f.laneBefore} -> ${f.laneAfter}, ${share(f.share)} of traffic, similarity ${f.similarity.toFixed(3)}`);
    }
  }
  for (const { lane, changes } of d.passRates) {
    const significant = changes.filter((c) => c.significant);
    lines.push(`pass rate of ${lane}: ${significant.length} significant change(s) of ${changes.length} matched cluster(s) (BH q < 0.05)`);
    for (const c of significant) {
      lines.push(`  cluster ${c.a} -> ${c.b}: ${share(c.before.rate)} (n=${c.before.n}) -> ${share(c.after.rate)} (n=${c.after.n}), ${signed(c.diff * 100, (v) => `${v.toFixed(1)} pts`)}, q=${c.q.toPrecision(2)}`);
    }
  }
  lines.push(`segment flags: ${d.flags.appeared.length} appeared, ${d.flags.cleared.length} cleared`);
  for (const f of d.flags.appeared) lines.push(`  + ${f.summary}`);
  for (const f of d.flags.cleared) lines.push(`  - ${f.summary}`);
  return lines.join('\n');
}
