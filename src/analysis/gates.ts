import type { Proportion } from '../domain/analysis.js';
import { confidenceLabel, pct } from '../domain/format.js';
import type { ClusterDrift } from './drift.js';

/**
 * Quality and drift gates (issue 8): each limit of the config's `gates` section checked
 * against a run's report, and optionally against the drift of its traffic and the
 * decision flips relative to a baseline routing table. Pure: the figures come in, one
 * result per gate goes out, with evidence a person can act on.
 */
export const GATE_NAMES = [
  'maxRegressionRate',
  'maxSegmentRegressionRate',
  'minDiversionRate',
  'maxDecisionFlipShare',
  'maxDriftPsi',
  'maxOodShare',
  'minJudgeConsistency',
] as const;
export type GateName = (typeof GATE_NAMES)[number];

export type GateLimits = Partial<Record<GateName, number>>;

export interface GateResult {
  gate: GateName;
  /** What was measured; null when it could not be (no limit set, no baseline, no data). */
  figure: number | null;
  limit: number | null;
  /** False when the gate has no limit or nothing to measure. */
  checked: boolean;
  tripped: boolean;
  evidence: string;
}

interface HeadlineFigures {
  n: number;
  diversion: Proportion;
  regression: Proportion;
}

/** The parts of the report document (src/report/summary.ts) the gates read. */
export interface GateReport {
  /** The confidence level of every interval in the report. */
  policy: { routing: { confidence: number } };
  headline: { inSample: HeadlineFigures; holdout: HeadlineFigures | null };
  flags: readonly { kind: 'harm' | 'diversion_disparity'; source: 'segment' | 'tag'; attribute: string; value: string; segment: string }[];
  segments: { slices: readonly { source: 'segment' | 'tag'; attribute: string; value: string; n: number; regression: Proportion }[] };
  clusters: readonly {
    cluster: number;
    share: number;
    lane: string;
    diverted: boolean;
    shortfall: 'too_few_judged' | 'below_threshold' | null;
    passLane: string | null;
    pass: Proportion | null;
    passThreshold: number;
    labels: readonly string[];
  }[];
  /** Per judged lane: how often the pairwise judge agreed with itself across the two orders. */
  judge: readonly { lane: string; figures: { consistency: { pairs: number; consistent: number; rate: number | null } } }[];
}

/** Requests whose lane differs between a baseline table and the run's own table. */
export interface DecisionFlipFigures {
  /** Where the baseline came from (a file name), for the evidence. */
  baseline: string;
  compared: number;
  flipped: number;
  /** Largest groups of flipped requests, by the run's cluster. */
  top: readonly { cluster: number; labels: readonly string[]; from: string; to: string; count: number }[];
}

/** Cluster-mix drift of the run's traffic against a baseline table. */
export interface DriftFigures {
  baseline: string;
  cluster: ClusterDrift;
  labels: Readonly<Record<string, readonly string[]>>;
  /** Lane per cluster in the baseline table, to say which moved clusters matter. */
  lanes: Readonly<Record<string, string>>;
}

export interface GateInputs {
  report?: GateReport;
  flips?: DecisionFlipFigures;
  drift?: DriftFigures;
}

/** Drift figures come from clusterDrift at its default confidence (the drift pipeline sets none). */
const DRIFT_CONFIDENCE = 0.95;

function interval(p: Proportion, confidence: number): string {
  return `${pct(p.rate ?? 0)} (${confidenceLabel(confidence)} CI ${pct(p.low)}-${pct(p.high)}, ${p.k} of ${p.n})`;
}

function clusterName(cluster: number | string, labels: readonly string[] | undefined): string {
  return labels && labels.length ? `cluster ${cluster} (${labels.slice(0, 3).join(', ')})` : `cluster ${cluster}`;
}

function notChecked(gate: GateName, limit: number | undefined, why: string): GateResult {
  return { gate, figure: null, limit: limit ?? null, checked: false, tripped: false, evidence: why };
}

function result(gate: GateName, figure: number, limit: number, tripped: boolean, evidence: string): GateResult {
  return { gate, figure, limit, checked: true, tripped, evidence };
}

/** Every gate, in GATE_NAMES order. */
export function evaluateGates(limits: GateLimits, inputs: GateInputs): GateResult[] {
  return [
    regressionGate(limits.maxRegressionRate, inputs.report),
    segmentRegressionGate(limits.maxSegmentRegressionRate, inputs.report),
    diversionGate(limits.minDiversionRate, inputs.report),
    flipGate(limits.maxDecisionFlipShare, inputs.flips),
    driftGate(limits.maxDriftPsi, inputs.drift),
    oodGate(limits.maxOodShare, inputs.drift),
    consistencyGate(limits.minJudgeConsistency, inputs.report),
  ];
}

/** The figures reported: the holdout part when there is one (out-of-sample honesty), else in-sample. */
function reported(report: GateReport): { figures: HeadlineFigures; part: string } {
  return report.headline.holdout
    ? { figures: report.headline.holdout, part: 'on the holdout part' }
    : { figures: report.headline.inSample, part: 'in-sample' };
}

function regressionGate(limit: number | undefined, report: GateReport | undefined): GateResult {
  const gate = 'maxRegressionRate';
  if (limit === undefined) return notChecked(gate, limit, 'no limit set (gates.maxRegressionRate)');
  if (!report) return notChecked(gate, limit, 'the run has no analysis');
  const { figures, part } = reported(report);
  const rate = figures.regression.rate;
  if (rate === null) return notChecked(gate, limit, `no request with a known outcome ${part}`);
  const base = `regression rate ${part} ${interval(figures.regression, report.policy.routing.confidence)}`;
  if (rate <= limit) return result(gate, rate, limit, false, `${base} is within the limit ${pct(limit)}`);
  // The diverted clusters most likely to hold the worse answers: traffic share x failure rate.
  const culprits = report.clusters
    .filter((c) => c.diverted && c.pass !== null && c.pass.rate !== null)
    .map((c) => ({ c, weight: c.share * (1 - (c.pass!.rate ?? 1)) }))
    .sort((a, b) => b.weight - a.weight)
    .slice(0, 3)
    .map(({ c }) => `${clusterName(c.cluster, c.labels)} on ${c.lane}, pass ${interval(c.pass!, report.policy.routing.confidence)}`);
  return result(
    gate,
    rate,
    limit,
    true,
    `${base} exceeds the limit ${pct(limit)}.` +
      (culprits.length ? ` Diverted clusters contributing most: ${culprits.join('; ')}.` : '') +
      ' Raise routing.passThreshold or keep these clusters on the reference lane, then re-run.',
  );
}

function segmentRegressionGate(limit: number | undefined, report: GateReport | undefined): GateResult {
  const gate = 'maxSegmentRegressionRate';
  if (limit === undefined) return notChecked(gate, limit, 'no limit set (gates.maxSegmentRegressionRate)');
  if (!report) return notChecked(gate, limit, 'the run has no analysis');
  const flagged = report.flags
    .filter((f) => f.kind === 'harm')
    .flatMap((f) => {
      const slice = report.segments.slices.find((s) => s.source === f.source && s.attribute === f.attribute && s.value === f.value);
      return slice && slice.regression.rate !== null ? [{ segment: f.segment, regression: slice.regression }] : [];
    })
    .sort((a, b) => b.regression.rate! - a.regression.rate!);
  if (flagged.length === 0) return result(gate, 0, limit, false, 'no segment is flagged for harm');
  const worst = flagged[0]!;
  const over = flagged.filter((f) => f.regression.rate! > limit);
  if (over.length === 0) {
    return result(gate, worst.regression.rate!, limit, false, `worst flagged segment ${worst.segment}: regression ${interval(worst.regression, report.policy.routing.confidence)}, within ${pct(limit)}`);
  }
  return result(
    gate,
    worst.regression.rate!,
    limit,
    true,
    `flagged segment(s) over the limit ${pct(limit)}: ` +
      over.map((f) => `${f.segment} regression ${interval(f.regression, report.policy.routing.confidence)} of its diverted requests`).join('; ') +
      '. Send these segments to the reference lane with segment overrides (list the attribute in segments.knownAtRequest), or raise the bar for their clusters.',
  );
}

function diversionGate(limit: number | undefined, report: GateReport | undefined): GateResult {
  const gate = 'minDiversionRate';
  if (limit === undefined) return notChecked(gate, limit, 'no limit set (gates.minDiversionRate)');
  if (!report) return notChecked(gate, limit, 'the run has no analysis');
  const { figures, part } = reported(report);
  const rate = figures.diversion.rate;
  if (rate === null) return notChecked(gate, limit, `no request ${part}`);
  const base = `diversion rate ${part} ${interval(figures.diversion, report.policy.routing.confidence)}`;
  if (rate >= limit) return result(gate, rate, limit, false, `${base} meets the minimum ${pct(limit)}`);
  const near = report.clusters
    .filter((c) => !c.diverted && c.pass !== null && c.passLane !== null)
    .sort((a, b) => b.share - a.share)
    .slice(0, 3)
    .map((c) =>
      c.shortfall === 'too_few_judged'
        ? `${clusterName(c.cluster, c.labels)} (${pct(c.share)} of traffic): too few judged samples on ${c.passLane}; judge more`
        : `${clusterName(c.cluster, c.labels)} (${pct(c.share)} of traffic): ${c.passLane} pass lower bound ${pct(c.pass!.low)} below ${pct(c.passThreshold)}`,
    );
  return result(
    gate,
    rate,
    limit,
    true,
    `${base} is below the minimum ${pct(limit)}.` + (near.length ? ` Largest clusters kept on the reference lane: ${near.join('; ')}.` : ''),
  );
}

function flipGate(limit: number | undefined, flips: DecisionFlipFigures | undefined): GateResult {
  const gate = 'maxDecisionFlipShare';
  if (limit === undefined) return notChecked(gate, limit, 'no limit set (gates.maxDecisionFlipShare)');
  if (!flips) return notChecked(gate, limit, 'no baseline table given (--baseline-table)');
  if (flips.compared === 0) return notChecked(gate, limit, `no request to route through ${flips.baseline}`);
  const share = flips.flipped / flips.compared;
  const base = `${pct(share)} of requests (${flips.flipped} of ${flips.compared}) are routed to another lane than by ${flips.baseline}`;
  if (share <= limit) return result(gate, share, limit, false, `${base}, within ${pct(limit)}`);
  const top = flips.top.slice(0, 3).map((t) => `${clusterName(t.cluster, t.labels)}: ${t.count} requests ${t.from} -> ${t.to}`);
  return result(
    gate,
    share,
    limit,
    true,
    `${base}, over ${pct(limit)}.` +
      (top.length ? ` Largest changes: ${top.join('; ')}.` : '') +
      ' Review these clusters in the report before deploying the new table.',
  );
}

function driftGate(limit: number | undefined, drift: DriftFigures | undefined): GateResult {
  const gate = 'maxDriftPsi';
  if (limit === undefined) return notChecked(gate, limit, 'no limit set (gates.maxDriftPsi)');
  if (!drift) return notChecked(gate, limit, 'no baseline table given');
  // With no traffic both mixes are smoothed to the same shape: a PSI of 0 would say nothing.
  if (drift.cluster.outOfDistribution.n === 0) return notChecked(gate, limit, 'no traffic to check');
  const { psi, noiseFloor, movers } = drift.cluster;
  const base = `cluster-mix PSI ${psi.toFixed(3)} against ${drift.baseline} (sampling noise alone: about ${noiseFloor.toFixed(3)})`;
  if (psi <= limit) return result(gate, psi, limit, false, `${base}, within ${limit}`);
  const moved = movers
    .slice(0, 3)
    .map((m) => `${clusterName(m.key, drift.labels[m.key])} on ${drift.lanes[m.key] ?? '?'} ${pct(m.baselineShare)} -> ${pct(m.currentShare)}`);
  return result(
    gate,
    psi,
    limit,
    true,
    `${base} exceeds ${limit}. Largest moves: ${moved.join('; ')}. Re-fit the table on recent traffic (router-eval replay) and re-judge the clusters that grew.`,
  );
}

function oodGate(limit: number | undefined, drift: DriftFigures | undefined): GateResult {
  const gate = 'maxOodShare';
  if (limit === undefined) return notChecked(gate, limit, 'no limit set (gates.maxOodShare)');
  if (!drift) return notChecked(gate, limit, 'no baseline table given');
  const ood = drift.cluster.outOfDistribution;
  if (ood.n === 0 || ood.rate === null) return notChecked(gate, limit, 'no traffic to check');
  const base = `${interval(ood, DRIFT_CONFIDENCE)} of prompts are beyond their cluster's radius in ${drift.baseline}`;
  if (ood.rate <= limit) return result(gate, ood.rate, limit, false, `${base}, within ${pct(limit)}`);
  return result(
    gate,
    ood.rate,
    limit,
    true,
    `${base}, over ${pct(limit)}: the table has not seen this traffic and sends it to its out-of-distribution lane at full price. Re-fit the table on recent traffic.`,
  );
}

/**
 * A pairwise judge that disagrees with itself across the two orders is mostly reading
 * positions, not answers; its disagreements become ties, and ties pass, so a run judged
 * by it would send everything cheap. Checked only where pairs were judged in both orders.
 */
function consistencyGate(limit: number | undefined, report: GateReport | undefined): GateResult {
  const gate = 'minJudgeConsistency';
  if (limit === undefined) return notChecked(gate, limit, 'no limit set (gates.minJudgeConsistency)');
  if (!report) return notChecked(gate, limit, 'the run has no analysis');
  const measured = report.judge.filter((j) => j.figures.consistency.rate !== null && j.figures.consistency.pairs > 0);
  if (measured.length === 0) return notChecked(gate, limit, 'no pair was judged in both orders (swap off, or a rule or labels judge)');
  const worst = [...measured].sort((a, b) => a.figures.consistency.rate! - b.figures.consistency.rate!)[0]!;
  const { consistent, pairs, rate } = worst.figures.consistency;
  const base = `the judge gave the same verdict in both orders on ${pct(rate!)} of ${worst.lane}'s pairs (${consistent} of ${pairs})`;
  if (rate! >= limit) return result(gate, rate!, limit, false, `${base}, meeting the minimum ${pct(limit)}`);
  return result(
    gate,
    rate!,
    limit,
    true,
    `${base}, below the minimum ${pct(limit)}: its verdicts follow answer positions more than answers, and the inconsistent pairs count as ties. ` +
      'Use a stronger judge model, a more specific rubric for the task tags, or a rule or labels judge, then re-judge (router-eval judge).',
  );
}
