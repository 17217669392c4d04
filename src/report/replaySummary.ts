import type { CallErrorClass } from '../domain/call.js';
import type { StoredCall } from '../store/calls.js';

export interface LaneSummary {
  lane: string;
  provider: string;
  model: string;
  samples: number;
  /** Stored calls (answers and classified failures). */
  calls: number;
  ok: number;
  errors: Partial<Record<CallErrorClass, number>>;
  /** Answers served from the cache or shared with an identical request in flight. */
  reused: number;
  /** Samples with no stored call yet (budget, interrupt, stopped lane). */
  missing: number;
  /** What the calls made for this run cost; reused answers cost nothing again. */
  spendUsd: number;
  /** Spend is an estimate (recorded answers: nothing was paid). */
  spendEstimated: boolean;
  p50LatencyMs?: number;
  p95LatencyMs?: number;
}

/** Per-lane figures of a run's calls (pure). */
export function summarizeLanes(
  calls: readonly StoredCall[],
  lanes: readonly { lane: string; provider: string; model: string }[],
  samples: number,
): LaneSummary[] {
  return lanes.map(({ lane, provider, model }) => {
    const mine = calls.filter((c) => c.lane === lane);
    const errors: Partial<Record<CallErrorClass, number>> = {};
    const latencies: number[] = [];
    let ok = 0;
    let reused = 0;
    let spendUsd = 0;
    for (const call of mine) {
      if (call.status === 'ok') ok += 1;
      else errors[call.status] = (errors[call.status] ?? 0) + 1;
      if (call.attempts === 0) reused += 1;
      else {
        spendUsd += call.costUsd ?? 0;
        if (call.status === 'ok' && call.latencyMs !== undefined && provider !== 'recorded') latencies.push(call.latencyMs);
      }
    }
    latencies.sort((a, b) => a - b);
    return {
      lane,
      provider,
      model,
      samples,
      calls: mine.length,
      ok,
      errors,
      reused,
      missing: samples - mine.length,
      spendUsd,
      spendEstimated: provider === 'recorded',
      p50LatencyMs: percentile(latencies, 0.5),
      p95LatencyMs: percentile(latencies, 0.95),
    };
  });
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], q: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export function formatLaneSummaries(summaries: readonly LaneSummary[]): string {
  const header = ['lane', 'model', 'calls', 'ok', 'errors', 'reused', 'missing', 'spend', 'p50 ms', 'p95 ms'];
  const rows = summaries.map((s) => [
    s.lane,
    `${s.provider}:${s.model}`,
    String(s.calls),
    String(s.ok),
    Object.entries(s.errors).map(([cls, n]) => `${cls} ${n}`).join(', ') || '0',
    String(s.reused),
    String(s.missing),
    `$${s.spendUsd.toFixed(4)}${s.spendEstimated ? ' (est.)' : ''}`,
    s.p50LatencyMs === undefined ? '-' : String(s.p50LatencyMs),
    s.p95LatencyMs === undefined ? '-' : String(s.p95LatencyMs),
  ]);
  return table([header, ...rows]);
}

export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}
