import { buildRoutingTable, datasetProvenance } from '../artifact/build.js';
import { serializeTable } from '../artifact/checksum.js';
import type { RoutingTable } from '../artifact/schema.js';
import { InputError } from '../domain/errors.js';
import { contentHash } from '../domain/hash.js';
import { readAnalysis } from '../store/analyses.js';
import { loadClustering } from '../store/clusterings.js';
import { defaultDataset, getDataset, listDatasets } from '../store/datasets.js';
import type { Db } from '../store/db.js';
import { saveRoutingTable } from '../store/routingTables.js';
import { getRun, latestRun } from '../store/runs.js';
import { iterateSamples } from '../store/samples.js';
import { listRunVerdicts } from '../store/verdicts.js';
import { writeWhole } from '../files/writeWhole.js';

export interface ExportRequest {
  /** The run to export; default: the latest complete run of `dataset`. */
  runId?: string;
  /** Dataset name used to pick the run when runId is absent; default: the most recent dataset. */
  dataset?: string;
  /** File to write. */
  out: string;
  /** Creation time written into the table (default: now). */
  now?: Date;
}

export interface ExportSummary {
  runId: string;
  dataset: string;
  out: string;
  /** Row id in routing_tables. */
  tableId: number;
  checksum: string;
  clusters: number;
  /** Clusters routed to a lane other than the reference. */
  divertedClusters: number;
  overrides: number;
}

/**
 * `router-eval export`: the routing table of an analysed run, built from its stored
 * analysis (decisions and policy), its clustering (centroids, radii, labels, embedder)
 * and its dataset; stored in SQLite and written to `out`.
 */
export function exportRoutingTable(db: Db, request: ExportRequest): ExportSummary {
  const runId = request.runId ?? latestCompleteRunId(db, request.dataset);
  const table = routingTableForRun(db, runId, request.now ?? new Date());
  const tableId = saveRoutingTable(db, table);
  writeRoutingTableFile(request.out, table);
  return {
    runId,
    dataset: table.source.dataset.name,
    out: request.out,
    tableId,
    checksum: table.checksum,
    clusters: table.clusters.length,
    divertedClusters: table.clusters.filter((c) => c.lane !== table.referenceLane).length,
    overrides: table.overrides.length,
  };
}

/** The routing table of a stored, analysed run (no writes). */
export function routingTableForRun(db: Db, runId: string, now: Date): RoutingTable {
  const run = getRun(db, runId);
  const stored = readAnalysis(db, run.id);
  if (!stored) throw new InputError(`run ${run.id} has no analysis; analyse it first (router-eval analyse --run ${run.id})`);
  const { context, analysis } = stored;
  const dataset = listDatasets(db).find((d) => d.id === run.datasetId);
  if (!dataset) throw new InputError(`run ${run.id}: its dataset (id ${run.datasetId}) is no longer in ${db.name}`);
  const { fallbackConfidence: _notPolicy, ...policy } = context.routing;
  return buildRoutingTable({
    createdAt: now.toISOString(),
    runId: run.id,
    dataset: datasetProvenance(dataset.name, iterateSamples(db, run.datasetId)),
    clustering: loadClustering(db, context.clusteringId),
    lanes: context.lanes,
    decisions: analysis.decisions,
    policy,
    judgeSpecHash: judgeSpecHashOf(db, run.id),
  });
}

/** Writes the table file whole or not at all (temporary file, then rename). */
export function writeRoutingTableFile(path: string, table: RoutingTable): void {
  writeWhole(path, serializeTable(table), 'the routing table');
}

function latestCompleteRunId(db: Db, datasetName: string | undefined): string {
  const dataset = datasetName === undefined ? defaultDataset(db) : getDataset(db, datasetName);
  const run = latestRun(db, dataset.id, 'complete');
  if (!run) throw new InputError(`dataset "${dataset.name}" has no complete run; finish one with "router-eval replay", or pass --run`);
  return run.id;
}

/** One hash for every judge spec whose verdicts the run's decisions rest on (a by-tag judge has several). */
function judgeSpecHashOf(db: Db, runId: string): string | null {
  const hashes = [...new Set(listRunVerdicts(db, runId, 'verdict').map((v) => v.judgeHash))].sort();
  return hashes.length === 0 ? null : contentHash(hashes);
}
