import { analyzeRun, type JudgedSample, type LaneInfo, type RunAnalysis } from '../../src/analysis/index.js';
import { RoutingConfigSchema, SegmentsConfigSchema } from '../../src/config/routing.js';
import { writeAnalysis } from '../../src/store/analyses.js';
import type { Clustering } from '../../src/store/clusterings.js';
import type { Db } from '../../src/store/db.js';
import { setRunClustering, setRunStatus } from '../../src/store/runs.js';

/** The policy the synthetic fixtures analyse with: a low bar so small clusters can clear it. */
export const ROUTING = RoutingConfigSchema.parse({ passThreshold: 0.7, minSamples: 20 });
export const SEGMENTS = SegmentsConfigSchema.parse({ minCellSamples: 20 });

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
