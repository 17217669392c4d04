import { basename } from 'node:path';
import { evaluateGates, type DecisionFlipFigures, type DriftFigures } from '../analysis/gates.js';
import { loadRoutingTable } from '../artifact/runtime.js';
import type { GatesConfig } from '../config/gates.js';
import { GateTrippedError } from '../domain/errors.js';
import { callFigures, ciSummary, judgeFigures, type CiSummary } from '../report/ciSummary.js';
import { junitXml } from '../report/junit.js';
import { loadReport } from '../report/summary.js';
import { listCalls } from '../store/calls.js';
import { listDatasets } from '../store/datasets.js';
import type { Db } from '../store/db.js';
import { latestRoutingTable } from '../store/routingTables.js';
import { getRun, judgeSpend } from '../store/runs.js';
import { getSamples } from '../store/samples.js';
import { listRunVerdicts } from '../store/verdicts.js';
import { decisionFlips } from './baselineFlips.js';
import { driftActions, driftFigures, measureDrift, tableSamples } from './drift.js';
import { routingTableForRun } from './export.js';
import { writeWhole } from '../files/writeWhole.js';

export interface CiGatesRequest {
  runId: string;
  config: { gates: GatesConfig };
  summaryFile?: string;
  junitFile?: string;
  /** The routing table in production: drift of this run's traffic against it, and decision flips. */
  baselineTable?: string;
  now?: Date;
  /** Called with the summary once the files are written, before a tripped gate throws (to print it). */
  onSummary?: (summary: CiSummary) => void;
}

/**
 * The gate step of a nightly replay: evaluates every gate on the run's report (and, with
 * a baseline table, on its drift and decision flips), writes the summary and JUnit
 * files, and throws GateTrippedError (exit 1) after writing them when a gate trips. An
 * incomplete or unanalysed run gets a summary saying so, with no gate checked; the
 * caller's own incomplete-run error gives the exit code.
 */
export function applyCiGates(db: Db, request: CiGatesRequest): CiSummary {
  const run = getRun(db, request.runId);
  const report = loadReport(db, run.id);
  const calls = listCalls(db, run.id);
  const samples = [...getSamples(db, run.datasetId, [...new Set(calls.map((c) => c.sampleId))]).values()];
  let drift: (DriftFigures & { actions: string[] }) | undefined;
  let flips: DecisionFlipFigures | undefined;
  if (request.baselineTable !== undefined) {
    const baseline = loadRoutingTable(request.baselineTable);
    const name = basename(request.baselineTable);
    const measure = measureDrift(baseline, name, samples, tableSamples(db, baseline));
    drift = { ...driftFigures(measure), actions: driftActions(baseline, measure, request.config.gates) };
    if (report) {
      const current = latestRoutingTable(db, run.id)?.table ?? routingTableForRun(db, run.id, request.now ?? new Date());
      flips = decisionFlips(baseline, current, samples, name);
    }
  }
  const checkable = run.status === 'complete' && report !== undefined;
  const gates = evaluateGates(checkable ? request.config.gates : {}, checkable ? { report, flips, drift } : {});
  const judgeSpent = judgeSpend(db, run.id);
  const dataset = listDatasets(db).find((d) => d.id === run.datasetId)?.name ?? '?';
  const summary = ciSummary({
    runId: run.id,
    dataset,
    runStatus: run.status,
    report,
    gates,
    calls: callFigures(calls),
    judge: judgeFigures(listRunVerdicts(db, run.id), run.createdAt, judgeSpent),
    drift,
    flips,
  });
  if (request.summaryFile !== undefined) writeWhole(request.summaryFile, `${JSON.stringify(summary, null, 2)}\n`, 'the CI summary');
  if (request.junitFile !== undefined) writeWhole(request.junitFile, junitXml({ runId: run.id, gates, timestamp: (request.now ?? new Date()).toISOString() }), 'the JUnit report');
  request.onSummary?.(summary);
  if (summary.status === 'gate_tripped') {
    const where = request.summaryFile === undefined ? '' : ` (details in ${request.summaryFile})`;
    throw new GateTrippedError(`${summary.problems.length} gate(s) tripped${where}:\n${summary.problems.map((p) => `  ${p}`).join('\n')}`);
  }
  return summary;
}

