import { stratifiedSample } from '../analysis/sample.js';
import { InputError } from '../domain/errors.js';
import type { Sample } from '../domain/sample.js';
import { readAssignments } from '../store/clusterings.js';
import type { Db } from '../store/db.js';
import { getRun } from '../store/runs.js';

/**
 * `replay --sample N`: the samples a run replays when the traffic is larger than the
 * budget allows, stratified by the run's clusters and the samples' segments. Seeded, and
 * stable as traffic grows, so a resumed or next-night run draws the same samples again.
 */
export function sampleRunTraffic(db: Db, runId: string, samples: readonly Sample[], size: number, seed: number): Sample[] {
  const run = getRun(db, runId);
  if (run.clusteringId === undefined) throw new InputError(`run ${run.id} has no clustering to stratify --sample by`);
  const assignments = readAssignments(db, run.clusteringId);
  return stratifiedSample(samples, (s) => assignments.get(s.id)?.cluster, size, seed);
}
