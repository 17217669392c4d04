import { z } from 'zod';
import { ClusteringSchema } from '../config/embedding.js';
import { InputError } from '../domain/errors.js';
import type { EmbedderSpec } from '../embed/embedder.js';
import type { Db } from './db.js';
import { blobInto, getSpec, vectorToBlob } from './embeddings.js';

const KCandidateSchema = z.object({ k: z.number(), effectiveK: z.number(), silhouette: z.number() });

/** What a clustering was asked for (the resolved config section) and what the fit did. */
export const ClusteringParamsSchema = z.object({
  config: ClusteringSchema,
  samples: z.number().int(),
  fitSample: z.number().int(),
  /** k fitted before small clusters were merged. */
  fittedK: z.number().int(),
  /** Silhouette per candidate k when k was `auto`. */
  candidates: z.array(KCandidateSchema),
  iterations: z.number().int(),
  converged: z.boolean(),
  /** k-means objective on the fit sample. */
  inertia: z.number(),
});
export type ClusteringParams = z.infer<typeof ClusteringParamsSchema>;

const NearestPromptSchema = z.object({ sampleId: z.string(), distance: z.number(), text: z.string() });
export type NearestPrompt = z.infer<typeof NearestPromptSchema>;

export interface ClusterRecord {
  size: number;
  /** 95th percentile cosine distance of members to the centroid: beyond it a prompt is out of distribution. */
  radius: number;
  labels: string[];
  nearest: NearestPrompt[];
}

export interface Clustering {
  id: number;
  datasetId: number;
  specHash: string;
  spec: EmbedderSpec;
  k: number;
  dims: number;
  /** k*dims, unit rows; cluster c is row c. */
  centroids: Float32Array;
  radii: number[];
  sizes: number[];
  labels: string[][];
  nearest: NearestPrompt[][];
  params: ClusteringParams;
  createdAt: string;
}

export interface NewClustering {
  datasetId: number;
  specId: number;
  dims: number;
  centroids: Float32Array;
  clusters: ClusterRecord[];
  params: ClusteringParams;
}

/** Per-sample results, in the same order as sampleIds. */
export interface AssignmentColumns {
  sampleIds: readonly string[];
  clusters: Int32Array;
  distances: Float64Array;
}

/** Writes a clustering, its clusters and every assignment in one transaction; returns its id. */
export function saveClustering(db: Db, clustering: NewClustering, assignments: AssignmentColumns): number {
  const insertClustering = db.prepare(
    'INSERT INTO clusterings (dataset_id, spec_id, k, dims, centroids, params, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertCluster = db.prepare(
    'INSERT INTO clusters (clustering_id, cluster, size, radius, label_terms, nearest) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertAssignment = db.prepare(
    'INSERT INTO cluster_assignments (clustering_id, sample_id, cluster, distance) VALUES (?, ?, ?, ?)',
  );
  return db.transaction(() => {
    const id = Number(
      insertClustering.run(
        clustering.datasetId,
        clustering.specId,
        clustering.clusters.length,
        clustering.dims,
        vectorToBlob(clustering.centroids),
        JSON.stringify(clustering.params),
        new Date().toISOString(),
      ).lastInsertRowid,
    );
    clustering.clusters.forEach((c, index) =>
      insertCluster.run(id, index, c.size, c.radius, JSON.stringify(c.labels), JSON.stringify(c.nearest)),
    );
    for (let i = 0; i < assignments.sampleIds.length; i++) {
      insertAssignment.run(id, assignments.sampleIds[i], assignments.clusters[i], assignments.distances[i]);
    }
    return id;
  })();
}

interface ClusteringRow {
  id: number;
  dataset_id: number;
  spec_hash: string;
  k: number;
  dims: number;
  centroids: Buffer;
  params: string;
  created_at: string;
}

export function loadClustering(db: Db, clusteringId: number): Clustering {
  const row = db
    .prepare(
      `SELECT c.id, c.dataset_id, s.spec_hash, c.k, c.dims, c.centroids, c.params, c.created_at
         FROM clusterings c JOIN embedder_specs s ON s.id = c.spec_id WHERE c.id = ?`,
    )
    .get(clusteringId) as ClusteringRow | undefined;
  if (!row) throw new InputError(`clustering ${clusteringId} not found in ${db.name}`);
  const clusters = db
    .prepare('SELECT size, radius, label_terms, nearest FROM clusters WHERE clustering_id = ? ORDER BY cluster')
    .all(clusteringId) as { size: number; radius: number; label_terms: string; nearest: string }[];
  const centroids = new Float32Array(row.k * row.dims);
  blobInto(row.centroids, centroids);
  return {
    id: row.id,
    datasetId: row.dataset_id,
    specHash: row.spec_hash,
    spec: getSpec(db, row.spec_hash).spec,
    k: row.k,
    dims: row.dims,
    centroids,
    radii: clusters.map((c) => c.radius),
    sizes: clusters.map((c) => c.size),
    labels: clusters.map((c) => z.array(z.string()).parse(JSON.parse(c.label_terms))),
    nearest: clusters.map((c) => z.array(NearestPromptSchema).parse(JSON.parse(c.nearest))),
    params: ClusteringParamsSchema.parse(JSON.parse(row.params)),
    createdAt: row.created_at,
  };
}

/** The dataset's clusterings, newest last: id, k, embedder spec hash and creation time. */
export function listClusterings(db: Db, datasetId: number): { id: number; k: number; specHash: string; createdAt: string }[] {
  return db
    .prepare(
      `SELECT c.id, c.k, s.spec_hash AS specHash, c.created_at AS createdAt
         FROM clusterings c JOIN embedder_specs s ON s.id = c.spec_id WHERE c.dataset_id = ? ORDER BY c.id`,
    )
    .all(datasetId) as { id: number; k: number; specHash: string; createdAt: string }[];
}

/** The dataset's most recent clustering; an error telling what to run when there is none. */
export function latestClustering(db: Db, datasetId: number): Clustering {
  const id = db.prepare('SELECT MAX(id) FROM clusterings WHERE dataset_id = ?').pluck().get(datasetId) as number | null;
  if (id === null) throw new InputError(`no clustering for this dataset in ${db.name}; run "router-eval cluster" first`);
  return loadClustering(db, id);
}

export function readAssignments(db: Db, clusteringId: number): Map<string, { cluster: number; distance: number }> {
  const rows = db
    .prepare('SELECT sample_id, cluster, distance FROM cluster_assignments WHERE clustering_id = ?')
    .iterate(clusteringId) as IterableIterator<{ sample_id: string; cluster: number; distance: number }>;
  const assignments = new Map<string, { cluster: number; distance: number }>();
  for (const row of rows) assignments.set(row.sample_id, { cluster: row.cluster, distance: row.distance });
  return assignments;
}
