import { segmentClusterCells, withOverrides, type PatternCurve, type SegmentClusterCell } from '../../analysis/index.js';
import type { JudgedSample, Verdict } from '../../domain/analysis.js';
import { requestText } from '../../domain/sample.js';
import { readAnalysis, type StoredAnalysis } from '../../store/analyses.js';
import { listCalls } from '../../store/calls.js';
import { readAssignments } from '../../store/clusterings.js';
import type { Db } from '../../store/db.js';
import { getRun } from '../../store/runs.js';
import { readSamples } from '../../store/samples.js';
import { listRunVerdicts } from '../../store/verdicts.js';
import { loadReport, type ReportDocument } from '../summary.js';

/** Successful calls' latencies of one lane (the latency section draws their distribution). */
export interface LaneLatencies {
  lane: string;
  isReference: boolean;
  valuesMs: number[];
}

/**
 * Everything the HTML report draws: the report document, plus what the document leaves
 * out because it is bulky (each pattern's full sweep, the segment x cluster cells, raw
 * latencies). Plain data; renderHtmlReport turns it into a page without I/O.
 */
export interface HtmlReportData {
  report: ReportDocument;
  /** Every pattern's operating points on the reported part; empty when patterns were not simulated. */
  curves: PatternCurve[];
  /**
   * Harm per segment value (and tag) x cluster on the reported part, under the cluster
   * decisions alone: the risk each cell carries, including the cells that segment overrides
   * send back to the reference (the report marks those).
   */
  cells: SegmentClusterCell[];
  /** Cheapest lane first. */
  latency: LaneLatencies[];
}

/** The report data of an analysed run; undefined when the run has no stored analysis. */
export function loadHtmlReportData(db: Db, runId: string): HtmlReportData | undefined {
  const report = loadReport(db, runId);
  const stored = readAnalysis(db, runId);
  if (!report || !stored) return undefined;
  const allCalls = listCalls(db, runId);
  const calls = allCalls.filter((c) => c.status === 'ok' && c.latencyMs !== undefined);
  const inRun = new Set(allCalls.map((c) => c.sampleId));
  return {
    report,
    curves: stored.analysis.patterns?.result.curves ?? [],
    cells: segmentClusterCells(
      reportedSamples(db, stored, inRun),
      withOverrides(stored.analysis.decisions, []),
      stored.context.routing.confidence,
    ),
    latency: report.lanes.map((lane) => ({
      lane: lane.name,
      isReference: lane.isReference,
      valuesMs: calls.filter((c) => c.lane === lane.name).map((c) => c.latencyMs!),
    })),
  };
}

/**
 * The samples the report's figures are about (the holdout part when there is one), with
 * what routing and harm need: cluster, distance, segments, tag and verdicts. Lane calls
 * are left out: the heatmap never reads them.
 */
function reportedSamples(db: Db, stored: StoredAnalysis, inRun: ReadonlySet<string>): JudgedSample[] {
  const run = getRun(db, stored.runId);
  const assignments = readAssignments(db, stored.context.clusteringId);
  const verdicts = new Map<string, Record<string, Verdict | undefined>>();
  for (const row of listRunVerdicts(db, run.id, 'verdict')) {
    if (row.outcome.status !== 'ok') continue;
    const forSample = verdicts.get(row.sampleId) ?? {};
    forSample[row.lane] = row.outcome.verdict;
    verdicts.set(row.sampleId, forSample);
  }
  const split = stored.analysis.split;
  const reported = split ? new Set(split.evalIds) : undefined;
  return readSamples(db, run.datasetId).flatMap((sample): JudgedSample[] => {
    const assignment = assignments.get(sample.id);
    if (!assignment) return [];
    if (reported ? !reported.has(sample.id) : !inRun.has(sample.id) && !verdicts.has(sample.id)) return [];
    return [
      {
        sampleId: sample.id,
        cluster: assignment.cluster,
        distance: assignment.distance,
        ...(sample.tag === undefined ? {} : { tag: sample.tag }),
        segments: sample.segments,
        inputChars: requestText(sample).length,
        lanes: {},
        verdicts: verdicts.get(sample.id) ?? {},
      },
    ];
  });
}
