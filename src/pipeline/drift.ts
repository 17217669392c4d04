import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { clusterDrift, segmentMixShift, type AttributeShift, type ClusterDrift } from '../analysis/drift.js';
import { driftAdvice, type ClusterMove } from '../analysis/driftAdvice.js';
import { evaluateGates, type DriftFigures, type GateResult } from '../analysis/gates.js';
import { loadRoutingTable, route, type RouteRequest } from '../artifact/runtime.js';
import type { RoutingTable } from '../artifact/schema.js';
import type { GatesConfig } from '../config/gates.js';
import type { IngestOptions } from '../config/schema.js';
import type { Sample } from '../domain/sample.js';
import { listCalls } from '../store/calls.js';
import { openStore, type Db } from '../store/db.js';
import { findRun } from '../store/runs.js';
import { getSamples } from '../store/samples.js';
import { readTrafficSamples } from './readTraffic.js';

/**
 * `router-eval drift`: how far new traffic is from the traffic a routing table was fitted
 * on. The traffic is embedded with the table's own embedder and assigned with its
 * centroids (the consumer runtime's route(), so the check sees what production sees);
 * nothing is stored and no model is called.
 */

export interface ClusterDriftRow extends ClusterMove {
  delta: number;
  psi: number;
}

export interface DriftMeasure {
  table: { file: string; runId: string; dataset: string; checksum: string; createdAt: string; clusters: number; fittedSamples: number };
  samples: number;
  cluster: ClusterDrift;
  /** Every cluster of the table, by absolute share change. */
  clusters: ClusterDriftRow[];
  /** Segment-attribute and tag mix shifts; null when the table's own samples are not at hand. */
  attributes: AttributeShift[] | null;
  attributesNote: string | null;
}

export interface DriftReport extends DriftMeasure {
  traffic: { files: string[]; rowsRead: number; rejected: number; problems: { file: string; line: number; field: string; reason: string }[] };
  /** The maxDriftPsi and maxOodShare gates. */
  gates: GateResult[];
  actions: string[];
  tripped: boolean;
}

export interface DriftRequest {
  table: string;
  traffic: readonly string[];
  ingest: IngestOptions;
  limits: Pick<GatesConfig, 'maxDriftPsi' | 'maxOodShare'>;
  /** The store that holds the table's source run (for the segment and tag mix it was fitted on); optional. */
  dbPath?: string;
}

export async function driftCheck(request: DriftRequest): Promise<DriftReport> {
  const table = loadRoutingTable(request.table);
  const traffic = await readTrafficSamples(request.traffic, request.ingest);
  const baseline = request.dbPath !== undefined && existsSync(request.dbPath) ? withStore(request.dbPath, (db) => tableSamples(db, table)) : undefined;
  const measure = measureDrift(table, basename(request.table), traffic.samples, baseline);
  const gates = driftGates(measure, request.limits);
  return {
    ...measure,
    traffic: { files: [...request.traffic], rowsRead: traffic.rowsRead, rejected: traffic.rejected, problems: traffic.problems },
    gates,
    actions: driftActions(table, measure, request.limits),
    tripped: gates.some((g) => g.tripped),
  };
}

/** Drift of `samples` against `table`; `baseline` are the samples the table was fitted on, when known. */
export function measureDrift(table: RoutingTable, file: string, samples: readonly Sample[], baseline?: readonly Sample[]): DriftMeasure {
  const assignments = samples.map((s) => route(table, routeRequest(s)));
  const counts = Object.fromEntries(table.clusters.map((c) => [String(c.id), c.n]));
  const fittedSamples = table.clusters.reduce((sum, c) => sum + c.n, 0);
  const drift = clusterDrift(
    counts,
    assignments,
    table.clusters.map((c) => ({ cluster: c.id, radius: c.radius })),
    { baselineN: fittedSamples },
  );
  const perCluster = table.clusters.map((c) => ({ n: 0, ood: 0, id: c.id }));
  for (const a of assignments) {
    const row = perCluster[a.cluster]!;
    row.n++;
    if (a.distance > table.clusters[a.cluster]!.radius) row.ood++;
  }
  const clusters = drift.categories.map((category): ClusterDriftRow => {
    const c = table.clusters[Number(category.key)]!;
    return {
      cluster: c.id,
      labels: c.labels,
      lane: c.lane,
      baselineShare: category.baselineShare,
      currentShare: category.currentShare,
      delta: category.delta,
      psi: category.psi,
      n: perCluster[c.id]!.n,
      outOfDistribution: perCluster[c.id]!.ood,
    };
  });
  return {
    table: {
      file,
      runId: table.source.runId,
      dataset: table.source.dataset.name,
      checksum: table.checksum,
      createdAt: table.createdAt,
      clusters: table.clusters.length,
      fittedSamples,
    },
    samples: samples.length,
    cluster: drift,
    clusters,
    attributes: baseline ? segmentMixShift(baseline, samples) : null,
    attributesNote: baseline
      ? null
      : `segment and tag mix not compared: run ${table.source.runId} (the table's source) is not in the store; pass --db with the store it was exported from`,
  };
}

/** The figures the drift gates read. */
export function driftFigures(measure: DriftMeasure): DriftFigures {
  return {
    baseline: measure.table.file,
    cluster: measure.cluster,
    labels: Object.fromEntries(measure.clusters.map((c) => [String(c.cluster), c.labels])),
    lanes: Object.fromEntries(measure.clusters.map((c) => [String(c.cluster), c.lane])),
  };
}

function driftGates(measure: DriftMeasure, limits: DriftRequest['limits']): GateResult[] {
  return evaluateGates(limits, { drift: driftFigures(measure) }).filter((g) => g.gate === 'maxDriftPsi' || g.gate === 'maxOodShare');
}

export function driftActions(table: RoutingTable, measure: DriftMeasure, limits: DriftRequest['limits']): string[] {
  const { dataset } = table.source;
  const window = dataset.timeWindow.from ? `, ${dataset.timeWindow.from.slice(0, 10)} to ${(dataset.timeWindow.to ?? '').slice(0, 10)}` : '';
  return driftAdvice({
    referenceLane: table.referenceLane,
    psi: measure.cluster.psi,
    maxPsi: limits.maxDriftPsi,
    oodShare: measure.cluster.outOfDistribution.rate ?? 0,
    maxOodShare: limits.maxOodShare,
    clusters: measure.clusters,
    attributes: measure.attributes ?? [],
    fittedOn: `${measure.table.fittedSamples} samples of dataset "${dataset.name}"${window} (run ${table.source.runId})`,
  });
}

/** The samples of the table's source run, when the store holds that run. */
export function tableSamples(db: Db, table: RoutingTable): Sample[] | undefined {
  const run = findRun(db, table.source.runId);
  if (!run) return undefined;
  const ids = [...new Set(listCalls(db, run.id).map((c) => c.sampleId))];
  return [...getSamples(db, run.datasetId, ids).values()];
}

export function routeRequest(sample: Sample): RouteRequest {
  return sample.messages ? { messages: sample.messages, system: sample.system } : { prompt: sample.prompt ?? '', system: sample.system };
}

function withStore<T>(path: string, read: (db: Db) => T): T {
  const db = openStore(path, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}
