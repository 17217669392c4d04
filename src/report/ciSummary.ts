import type { ClusterDrift } from '../analysis/drift.js';
import type { DecisionFlipFigures, GateResult } from '../analysis/gates.js';
import { pct } from '../domain/format.js';
import type { StoredCall } from '../store/calls.js';
import type { RunStatus } from '../store/runs.js';
import type { RunVerdict } from '../store/verdicts.js';
import type { ReportDocument } from './summary.js';

/**
 * The JSON summary a CI job keeps (`--summary FILE`): did the run pass its gates, the
 * headline figures, every gate with its figure, limit and evidence, what was reused
 * versus paid for, and drift when a baseline table was given. Fields are only added
 * within a summaryVersion.
 */
export const CI_SUMMARY_VERSION = 1;

export type CiStatus = 'passed' | 'gate_tripped' | 'incomplete';

export interface CallFigures {
  /** Lane calls stored for the run: answered from the store (reused) or made now (new). */
  reused: number;
  new: number;
  /** What the new calls cost, and what the reused answers cost when they were first made. */
  spentUsd: number;
  savedUsd: number;
  /** Calls on recorded lanes: answers already in the traffic, neither paid nor saved. */
  recorded: number;
  byLane: { lane: string; reused: number; new: number; spentUsd: number; savedUsd: number }[];
}

export interface JudgeFigures {
  verdicts: number;
  /** Verdicts decided before this run started (served from the verdict store). */
  reused: number;
  new: number;
  spentUsd: number;
}

export interface CiSummary {
  summaryVersion: typeof CI_SUMMARY_VERSION;
  runId: string;
  dataset: string;
  runStatus: RunStatus;
  status: CiStatus;
  /** One line per tripped gate, or why the run is incomplete; empty when it passed. */
  problems: string[];
  headline: {
    part: 'holdout' | 'in_sample';
    requests: number;
    diversionRate: number | null;
    regressionRate: number | null;
    fallbackRate: number | null;
    costPerRequestUsd: { routed: number | null; reference: number | null; savingShare: number | null };
    p95LatencyMs: Record<string, number | null>;
    flaggedSegments: string[];
  } | null;
  gates: GateResult[];
  calls: CallFigures;
  judge: JudgeFigures;
  drift: {
    baseline: string;
    psi: number;
    noiseFloor: number;
    oodShare: number | null;
    movers: { cluster: string; baselineShare: number; currentShare: number }[];
    actions: string[];
  } | null;
  flips: DecisionFlipFigures | null;
}

/** Reused versus new lane calls of a run (pure). */
export function callFigures(calls: readonly StoredCall[]): CallFigures {
  const lanes = new Map<string, CallFigures['byLane'][number]>();
  let recorded = 0;
  for (const call of calls) {
    if (call.provider === 'recorded') {
      recorded++;
      continue;
    }
    const lane = lanes.get(call.lane) ?? { lane: call.lane, reused: 0, new: 0, spentUsd: 0, savedUsd: 0 };
    if (call.attempts === 0) {
      lane.reused++;
      lane.savedUsd += call.costUsd ?? 0;
    } else {
      lane.new++;
      lane.spentUsd += call.costUsd ?? 0;
    }
    lanes.set(call.lane, lane);
  }
  const byLane = [...lanes.values()].sort((a, b) => (a.lane < b.lane ? -1 : 1));
  const sum = (pick: (l: CallFigures['byLane'][number]) => number) => byLane.reduce((s, l) => s + pick(l), 0);
  return { reused: sum((l) => l.reused), new: sum((l) => l.new), spentUsd: sum((l) => l.spentUsd), savedUsd: sum((l) => l.savedUsd), recorded, byLane };
}

/** Reused versus new verdicts of a run: a verdict decided before the run started was reused. */
export function judgeFigures(verdicts: readonly RunVerdict[], runCreatedAt: string, spentUsd: number): JudgeFigures {
  const reused = verdicts.filter((v) => v.createdAt < runCreatedAt).length;
  return { verdicts: verdicts.length, reused, new: verdicts.length - reused, spentUsd };
}

export interface CiSummaryInput {
  runId: string;
  dataset: string;
  runStatus: RunStatus;
  report: ReportDocument | undefined;
  gates: GateResult[];
  calls: CallFigures;
  judge: JudgeFigures;
  drift?: { baseline: string; cluster: ClusterDrift; actions: string[] };
  flips?: DecisionFlipFigures;
}

export function ciSummary(input: CiSummaryInput): CiSummary {
  const incomplete = input.runStatus !== 'complete' || !input.report;
  const tripped = input.gates.filter((g) => g.tripped);
  const problems = incomplete
    ? [input.report ? `run ${input.runId} is ${input.runStatus}` : `run ${input.runId} (${input.runStatus}) has no analysis; its gates were not checked`]
    : tripped.map((g) => `${g.gate}: ${g.evidence}`);
  return {
    summaryVersion: CI_SUMMARY_VERSION,
    runId: input.runId,
    dataset: input.dataset,
    runStatus: input.runStatus,
    status: incomplete ? 'incomplete' : tripped.length ? 'gate_tripped' : 'passed',
    problems,
    headline: input.report ? headlineOf(input.report) : null,
    gates: input.gates,
    calls: input.calls,
    judge: input.judge,
    drift: input.drift
      ? {
          baseline: input.drift.baseline,
          psi: input.drift.cluster.psi,
          noiseFloor: input.drift.cluster.noiseFloor,
          oodShare: input.drift.cluster.outOfDistribution.rate,
          movers: input.drift.cluster.movers.map((m) => ({ cluster: m.key, baselineShare: m.baselineShare, currentShare: m.currentShare })),
          actions: input.drift.actions,
        }
      : null,
    flips: input.flips ?? null,
  };
}

function headlineOf(report: ReportDocument): NonNullable<CiSummary['headline']> {
  const holdout = report.headline.holdout;
  const h = holdout ?? report.headline.inSample;
  return {
    part: holdout ? 'holdout' : 'in_sample',
    requests: h.n,
    diversionRate: h.diversion.rate,
    regressionRate: h.regression.rate,
    fallbackRate: h.fallback?.rate ?? null,
    costPerRequestUsd: { routed: h.cost.routedPerRequestUsd, reference: h.cost.referencePerRequestUsd, savingShare: h.cost.savingShare },
    p95LatencyMs: Object.fromEntries(h.latency.lanes.map((l) => [l.lane, l.p95Ms])),
    flaggedSegments: report.flags.filter((f) => f.stillFlagged).map((f) => `${f.segment}: ${f.summary}`),
  };
}

/** A few lines for the log: status, headline, gates, reuse. */
export function formatCiSummary(summary: CiSummary): string {
  const lines = [`ci: run ${summary.runId} (${summary.dataset}) ${summary.status.toUpperCase()}`];
  const h = summary.headline;
  if (h) lines.push(`  ${h.part}: ${h.requests} requests, diversion ${pct(h.diversionRate, 1, '-')}, regression ${pct(h.regressionRate, 1, '-')}, saving ${pct(h.costPerRequestUsd.savingShare, 1, '-')}`);
  for (const g of summary.gates) lines.push(`  [${g.tripped ? 'TRIPPED' : g.checked ? 'ok' : 'n/a'}] ${g.gate}: ${g.evidence}`);
  const c = summary.calls;
  lines.push(`  calls: ${c.new} new ($${c.spentUsd.toFixed(4)}), ${c.reused} reused (saved $${c.savedUsd.toFixed(4)})${c.recorded ? `, ${c.recorded} recorded` : ''}; judge: ${summary.judge.new} new, ${summary.judge.reused} reused verdicts`);
  return lines.join('\n');
}
