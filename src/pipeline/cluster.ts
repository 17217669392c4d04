import { chooseK, sizesOf, type KCandidate } from '../cluster/chooseK.js';
import { fitKMeans, keptClusters, labelRows, selectRows } from '../cluster/fit.js';
import { clusterLabelTerms } from '../cluster/labels.js';
import { sampleIndices, mulberry32 } from '../domain/random.js';
import { clusterRadii, NearestRows, orderBySize } from '../cluster/stats.js';
import { assignNearest } from '../cluster/vectors.js';
import type { ClusteringConfig } from '../config/embedding.js';
import { InputError } from '../domain/errors.js';
import { requestText } from '../domain/sample.js';
import { saveClustering, type ClusterRecord, type NearestPrompt } from '../store/clusterings.js';
import type { Db } from '../store/db.js';
import { countEmbedded, getSpec, iterateVectors } from '../store/embeddings.js';
import { countSamples, getSamples } from '../store/samples.js';

export type ClusterPhase = 'read' | 'choose-k' | 'fit' | 'assign' | 'labels' | 'write';

export interface ClusterRequest {
  datasetId: number;
  /** The embedder spec whose vectors are clustered (the dataset must be fully embedded with it). */
  specHash: string;
  clustering: ClusteringConfig;
  onProgress?: (phase: ClusterPhase) => void;
}

export interface ClusterSummaryRow {
  cluster: number;
  size: number;
  share: number;
  radius: number;
  labels: string[];
  nearest: NearestPrompt[];
}

export interface ClusterSummary {
  clusteringId: number;
  datasetId: number;
  specHash: string;
  k: number;
  samples: number;
  fitSample: number;
  /** k fitted before clusters under minClusterSize were merged. */
  fittedK: number;
  candidates: KCandidate[];
  seconds: number;
  clusters: ClusterSummaryRow[];
}

const NEAREST_TEXT_CHARS = 300;

/**
 * Clusters a dataset's vectors with k-means in cosine geometry, deterministic for a
 * seed: centroids are fitted on a seeded sample of at most fitSampleCap vectors, then
 * every vector is assigned to its nearest centroid in a streaming pass, clusters under
 * minClusterSize are merged into their nearest neighbours, and clusters are numbered
 * by size. Stores centroids, assignments, radii and labels as a new clustering.
 */
export async function clusterDataset(db: Db, request: ClusterRequest): Promise<ClusterSummary> {
  const started = performance.now();
  const { datasetId, clustering: config } = request;
  const progress = request.onProgress ?? (() => {});
  const { id: specId, spec } = getSpec(db, request.specHash);
  const dims = spec.dimensions;
  const total = countSamples(db, datasetId);
  const n = countEmbedded(db, datasetId, specId);
  if (n === 0) throw new InputError(`no embedded samples under embedder ${request.specHash.slice(0, 12)}; run "router-eval embed" first`);
  if (n < total) {
    throw new InputError(`${total - n} of ${total} samples have no vector under embedder ${request.specHash.slice(0, 12)}; run "router-eval embed" first`);
  }
  const random = mulberry32(config.seed);

  progress('read');
  const fitRows = sampleIndices(n, config.fitSampleCap, random);
  const m = fitRows.length;
  const fitFlat = new Float32Array(m * dims);
  let next = 0;
  for (const { index, vector } of iterateVectors(db, datasetId, specId, dims)) {
    if (fitRows[next] === index) fitFlat.set(vector, dims * next++);
  }

  let k = config.k === 'auto' ? 1 : config.k;
  let candidates: KCandidate[] = [];
  if (config.k === 'auto') {
    progress('choose-k');
    const autoRows = sampleIndices(m, config.autoSampleCap, random);
    ({ k, candidates } = chooseK(gatherRows(fitFlat, dims, autoRows), autoRows.length, dims, {
      population: n,
      minClusterSize: config.minClusterSize,
      maxK: config.maxK,
      maxIterations: config.maxIterations,
      random,
    }));
  }

  progress('fit');
  const fit = fitKMeans(fitFlat, m, dims, { k, random, maxIterations: config.maxIterations });
  // Merge what is too small already on the fit sample (threshold scaled to it), so the full pass starts close.
  const fitSizes = sizesOf(labelRows(fitFlat, m, dims, fit.centroids, fit.k), fit.k);
  const fitKept = keptClusters(fitSizes, Math.max(1, Math.round((config.minClusterSize * m) / n)));
  let centroids = selectRows(fit.centroids, dims, fitKept);
  let kNow = fitKept.length;

  progress('assign');
  const sampleIds: string[] = new Array<string>(n);
  const clusters = new Int32Array(n);
  const distances = new Float64Array(n);
  for (const { index, sampleId, vector } of iterateVectors(db, datasetId, specId, dims)) {
    const nearest = assignNearest(centroids, kNow, dims, vector);
    sampleIds[index] = sampleId;
    clusters[index] = nearest.cluster;
    distances[index] = nearest.distance;
  }
  // Clusters still under the minimum on the full data: only their members move (nobody else's nearest changes).
  const kept = keptClusters(sizesOf(clusters, kNow), config.minClusterSize);
  if (kept.length < kNow) {
    const renumbered = new Int32Array(kNow).fill(-1);
    kept.forEach((c, i) => (renumbered[c] = i));
    centroids = selectRows(centroids, dims, kept);
    kNow = kept.length;
    for (const { index, vector } of iterateVectors(db, datasetId, specId, dims)) {
      const target = renumbered[clusters[index]!]!;
      if (target >= 0) {
        clusters[index] = target;
      } else {
        const nearest = assignNearest(centroids, kNow, dims, vector);
        clusters[index] = nearest.cluster;
        distances[index] = nearest.distance;
      }
    }
  }
  // Number clusters by size, largest first.
  const order = orderBySize(sizesOf(clusters, kNow));
  const rank = new Int32Array(kNow);
  order.forEach((c, i) => (rank[c] = i));
  for (let i = 0; i < n; i++) clusters[i] = rank[clusters[i]!]!;
  centroids = selectRows(centroids, dims, order);
  const sizes = sizesOf(clusters, kNow);
  const radii = clusterRadii(clusters, distances, kNow);

  progress('labels');
  const nearestRows = new NearestRows(kNow);
  for (let i = 0; i < n; i++) nearestRows.offer(clusters[i]!, i, distances[i]!);
  const labelSampleRows = new Set<number>(fitRows);
  for (let c = 0; c < kNow; c++) for (const { row } of nearestRows.of(c)) labelSampleRows.add(row);
  const texts = sampleTexts(db, datasetId, [...labelSampleRows].map((row) => sampleIds[row]!));
  const labels = clusterLabelTerms(
    [...labelSampleRows].map((row) => ({ cluster: clusters[row]!, text: texts.get(sampleIds[row]!) ?? '' })),
    kNow,
    config.labelTerms,
  );
  const records: ClusterRecord[] = Array.from({ length: kNow }, (_, c) => ({
    size: sizes[c]!,
    radius: round6(radii[c]!),
    labels: labels[c]!,
    nearest: nearestRows.of(c).map(({ row, distance }) => ({
      sampleId: sampleIds[row]!,
      distance: round6(distance),
      text: (texts.get(sampleIds[row]!) ?? '').slice(0, NEAREST_TEXT_CHARS),
    })),
  }));

  progress('write');
  const params = {
    config,
    samples: n,
    fitSample: m,
    fittedK: fit.k,
    candidates,
    iterations: fit.iterations,
    converged: fit.converged,
    inertia: round6(fit.inertia),
  };
  const clusteringId = saveClustering(db, { datasetId, specId, dims, centroids, clusters: records, params }, { sampleIds, clusters, distances });
  return {
    clusteringId,
    datasetId,
    specHash: request.specHash,
    k: kNow,
    samples: n,
    fitSample: m,
    fittedK: fit.k,
    candidates,
    seconds: Math.round(performance.now() - started) / 1000,
    clusters: records.map((r, c) => ({ cluster: c, size: r.size, share: round6(r.size / n), radius: r.radius, labels: r.labels, nearest: r.nearest })),
  };
}

function gatherRows(flat: Float32Array, dims: number, rows: Int32Array): Float32Array {
  const out = new Float32Array(rows.length * dims);
  rows.forEach((row, i) => out.set(flat.subarray(row * dims, (row + 1) * dims), i * dims));
  return out;
}

/** requestText of the given samples, by id. */
function sampleTexts(db: Db, datasetId: number, ids: string[]): Map<string, string> {
  const texts = new Map<string, string>();
  for (const [id, sample] of getSamples(db, datasetId, ids)) texts.set(id, requestText(sample));
  return texts;
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
