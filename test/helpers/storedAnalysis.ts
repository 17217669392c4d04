import { analyzeRun, type JudgedSample, type LaneInfo, type RunAnalysis, type Verdict } from '../../src/analysis/index.js';
import type { Sample } from '../../src/domain/sample.js';
import { RoutingConfigSchema, SegmentsConfigSchema } from '../../src/config/routing.js';
import { writeAnalysis } from '../../src/store/analyses.js';
import type { Clustering } from '../../src/store/clusterings.js';
import type { Db } from '../../src/store/db.js';
import { setRunClustering, setRunStatus } from '../../src/store/runs.js';

/** The policy the synthetic fixtures analyse with: a low bar so small clusters can clear it. */
export const ROUTING = RoutingConfigSchema.parse({ passThreshold: 0.7, minSamples: 20 });
export const SEGMENTS = SegmentsConfigSchema.parse({ minCellSamples: 20 });

/**
 * Stored samples as judged samples with a chosen verdict for the cheap lane, both lanes
 * answered (cheap $0.001 in 100 ms, strong $0.01 in 900 ms), placed by their stored assignment.
 */
export function syntheticJudged(
  samples: readonly Sample[],
  assignments: ReadonlyMap<string, { cluster: number; distance: number }>,
  verdictOf: (sample: Sample, index: number) => Verdict,
): JudgedSample[] {
  return samples.map((s, i) => {
    const { cluster, distance } = assignments.get(s.id)!;
    return {
      sampleId: s.id,
      cluster,
      distance,
      tag: s.tag,
      segments: s.segments,
      timestamp: s.timestamp,
      inputChars: (s.prompt ?? '').length,
      lanes: { cheap: { costUsd: 0.001, latencyMs: 100, ok: true }, strong: { costUsd: 0.01, latencyMs: 900, ok: true } },
      verdicts: { cheap: verdictOf(s, i) },
    };
  });
}

/**
 * Analyses synthetic judged samples of a run with the pure core and stores the result as
 * the analysis stage would (cheap calls at $0.001, strong at $0.01): the run is then
 * complete and clustered, ready for export, reports and CI gates.
 */
export function storeSyntheticAnalysis(
  db: Db,
  runId: string,
  input: { clustering: Clustering; judged: JudgedSample[]; lanes: (LaneInfo & { provider: string; model: string })[] },
): RunAnalysis {
  const { clustering, judged, lanes } = input;
  const geometry = clustering.radii.map((radius, cluster) => ({ cluster, radius }));
  const analysis = analyzeRun({ samples: judged, lanes, geometry, routing: ROUTING, segments: SEGMENTS });
  setRunClustering(db, runId, clustering.id);
  setRunStatus(db, runId, 'complete');
  writeAnalysis(db, runId, {
    context: {
      clusteringId: clustering.id,
      samples: judged.length,
      excluded: { unassigned: 0, notInRun: 0 },
      lanes: lanes.map((l) => ({ ...l, meanCostUsd: l.isReference ? 0.01 : 0.001 })),
      routing: ROUTING,
      segments: SEGMENTS,
      holdout: null,
      clusterLabels: clustering.labels,
    },
    analysis,
  });
  return analysis;
}
