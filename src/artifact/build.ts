import type { ClusterDecision, RoutingDecisions, RoutingPolicy } from '../domain/analysis.js';
import { sha256 } from '../domain/hash.js';
import type { EmbedderSpec } from '../embed/embedder.js';
import { tableChecksum } from './checksum.js';
import {
  ROUTING_TABLE_SCHEMA_VERSION,
  RoutingTableSchema,
  type LaneRef,
  type RoutingTable,
  type TableCluster,
} from './schema.js';

/** Which traffic the table was fitted on. */
export interface DatasetProvenance {
  name: string;
  fingerprint: string;
  samples: number;
  timeWindow: { from: string | null; to: string | null };
}

/** The clustering the decisions refer to (a stored Clustering fits this shape). */
export interface TableGeometry {
  id: number;
  k: number;
  dims: number;
  /** k*dims unit rows. */
  centroids: Float32Array;
  radii: readonly number[];
  labels: readonly (readonly string[])[];
  spec: EmbedderSpec;
  specHash: string;
}

export interface RoutingTableInputs {
  /** ISO-8601; passed in so building stays pure. */
  createdAt: string;
  runId: string;
  dataset: DatasetProvenance;
  clustering: TableGeometry;
  lanes: readonly LaneRef[];
  decisions: RoutingDecisions;
  policy: RoutingPolicy;
  judgeSpecHash: string | null;
}

/**
 * The routing table for a run's decisions, checksummed. Pure: no I/O, same inputs give
 * the same table. Every centroid of the clustering becomes a cluster of the table; one
 * the decisions do not mention (no fitted sample landed there) goes to the reference
 * lane, as the analysis routes an unknown cluster.
 */
export function buildRoutingTable(inputs: RoutingTableInputs): RoutingTable {
  const { clustering, decisions } = inputs;
  if (clustering.spec.dimensions !== clustering.dims) {
    throw new Error(`clustering ${clustering.id}: ${clustering.dims} dims but its embedder has ${clustering.spec.dimensions}`);
  }
  const byCluster = new Map(decisions.clusters.map((d) => [d.cluster, d]));
  for (const d of decisions.clusters) {
    if (d.cluster < 0 || d.cluster >= clustering.k) throw new Error(`decision for cluster ${d.cluster}, but clustering ${clustering.id} has k=${clustering.k}`);
  }
  const clusters = Array.from({ length: clustering.k }, (_, c) =>
    tableCluster(c, clustering, byCluster.get(c), decisions.referenceLane, inputs.policy),
  );
  const content: Omit<RoutingTable, 'checksum'> = {
    schemaVersion: ROUTING_TABLE_SCHEMA_VERSION,
    createdAt: inputs.createdAt,
    source: { runId: inputs.runId, clusteringId: clustering.id, dataset: inputs.dataset },
    embedder: { hash: clustering.specHash, spec: clustering.spec },
    lanes: inputs.lanes.map(({ name, provider, model }) => ({ name, provider, model })),
    referenceLane: decisions.referenceLane,
    clusters,
    overrides: decisions.overrides.map((o) => ({
      cluster: o.cluster,
      source: o.source,
      attribute: o.attribute,
      value: o.value,
      lane: o.lane,
      evidence: o.evidence,
    })),
    outOfDistribution: { rule: 'distance_above_radius', metric: 'cosine', lane: decisions.referenceLane },
    policy: inputs.policy,
    judgeSpecHash: inputs.judgeSpecHash,
  };
  // Through the schema once: a table this function returns always loads (a failure here is a bug upstream).
  return RoutingTableSchema.parse({ ...content, checksum: tableChecksum(content) });
}

function tableCluster(
  c: number,
  clustering: TableGeometry,
  decision: ClusterDecision | undefined,
  referenceLane: string,
  policy: RoutingPolicy,
): TableCluster {
  const geometry = {
    id: c,
    centroid: Array.from(clustering.centroids.subarray(c * clustering.dims, (c + 1) * clustering.dims), shortestFloat32),
    radius: clustering.radii[c]!,
    labels: [...(clustering.labels[c] ?? [])],
  };
  if (!decision) {
    return {
      ...geometry,
      lane: referenceLane,
      decision: 'no_samples',
      pass: null,
      n: 0,
      share: 0,
      passThreshold: policy.passThreshold,
      minSamples: policy.minSamples,
      governingTags: [],
      evidence: [],
    };
  }
  const deciding = decision.evidence.find((e) => e.lane === decision.lane) ?? decision.evidence[0];
  return {
    ...geometry,
    lane: decision.lane,
    decision: decision.reason,
    pass: deciding
      ? { lane: deciding.lane, rate: deciding.pass.rate, low: deciding.pass.low, high: deciding.pass.high, judged: deciding.judged }
      : null,
    n: decision.n,
    share: decision.share,
    passThreshold: decision.passThreshold,
    minSamples: decision.minSamples,
    governingTags: [...decision.governingTags],
    evidence: decision.evidence.map((e) => ({ ...e, pass: { ...e.pass } })),
  };
}

/**
 * The shortest decimal that reads back (via Math.fround) to the same Float32 value: the
 * JSON stays compact (7 to 9 significant digits) while the runtime rebuilds exactly the
 * centroids the clustering assigned with, so route() agrees with the stored assignments.
 */
export function shortestFloat32(value: number): number {
  const target = Math.fround(value);
  for (let digits = 6; digits < 9; digits++) {
    const candidate = Number(target.toPrecision(digits));
    if (Math.fround(candidate) === target) return candidate;
  }
  return Number(target.toPrecision(9));
}

/**
 * Provenance of the traffic a table was fitted on: a fingerprint that does not depend on
 * ingest order (sha256 of the sorted sample content hashes) and the timestamp range.
 */
export function datasetProvenance(name: string, samples: Iterable<{ contentHash: string; timestamp?: string }>): DatasetProvenance {
  const hashes: string[] = [];
  let from: string | null = null;
  let to: string | null = null;
  for (const s of samples) {
    hashes.push(s.contentHash);
    if (s.timestamp !== undefined) {
      // Stored timestamps are normalised UTC ISO strings, so string order is time order.
      if (from === null || s.timestamp < from) from = s.timestamp;
      if (to === null || s.timestamp > to) to = s.timestamp;
    }
  }
  hashes.sort();
  return { name, fingerprint: sha256(hashes.join('\n')), samples: hashes.length, timeWindow: { from, to } };
}
