import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignNearest } from '../../src/cluster/vectors.js';
import { ClusteringSchema, EmbeddingSchema } from '../../src/config/embedding.js';
import { IngestOptionsSchema } from '../../src/config/schema.js';
import { requestText } from '../../src/domain/sample.js';
import { embedLocal } from '../../src/embed/local.js';
import { clusterDataset } from '../../src/pipeline/cluster.js';
import { embedDataset } from '../../src/pipeline/embed.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { latestClustering, listClusterings, loadClustering, readAssignments } from '../../src/store/clusterings.js';
import { getDataset } from '../../src/store/datasets.js';
import { openStore, type Db } from '../../src/store/db.js';
import { readSamples } from '../../src/store/samples.js';
import { writePromptsJsonl } from '../bench/generate.js';
import { makeTempDir } from '../helpers/cli.js';

describe('clusterDataset', () => {
  const temp = makeTempDir();
  let db: Db;
  let datasetId: number;
  let specHash: string;

  beforeAll(async () => {
    const file = join(temp.dir, 'traffic.jsonl');
    await writePromptsJsonl(file, 400, 7);
    db = openStore(join(temp.dir, 'store.db'));
    await ingest(db, { files: [file], dataset: 'gen', options: IngestOptionsSchema.parse({}) });
    datasetId = getDataset(db, 'gen').id;
    specHash = (await embedDataset(db, { dataset: 'gen', embedding: EmbeddingSchema.parse({ provider: 'local' }) })).specHash;
  });
  afterAll(() => {
    db.close();
    temp.cleanup();
  });

  const run = (clustering: object) => clusterDataset(db, { datasetId, specHash, clustering: ClusteringSchema.parse(clustering) });

  it('gives the same clusters for the same seed, as separate stored clusterings', async () => {
    const a = await run({ k: 5, seed: 3 });
    const b = await run({ k: 5, seed: 3 });
    expect(b.clusteringId).not.toBe(a.clusteringId);
    expect(loadClustering(db, b.clusteringId).centroids).toEqual(loadClustering(db, a.clusteringId).centroids);
    expect(readAssignments(db, b.clusteringId)).toEqual(readAssignments(db, a.clusteringId));
    expect(b.clusters).toEqual(a.clusters);
    expect(listClusterings(db, datasetId).map((c) => c.id)).toEqual(expect.arrayContaining([a.clusteringId, b.clusteringId]));
  });

  it('stores assignments that a new embedding of the same prompt reproduces from the clustering alone', async () => {
    const summary = await run({ k: 'auto', seed: 1 });
    const clustering = latestClustering(db, datasetId);
    expect(clustering.id).toBe(summary.clusteringId);
    expect(clustering.spec.provider).toBe('local');
    const assignments = readAssignments(db, clustering.id);
    expect(assignments.size).toBe(400);
    for (const sample of readSamples(db, datasetId).slice(0, 60)) {
      if (clustering.spec.provider !== 'local') throw new Error('unexpected spec');
      const vector = embedLocal(clustering.spec, requestText(sample));
      expect(assignNearest(clustering.centroids, clustering.k, clustering.dims, vector)).toEqual(assignments.get(sample.id));
    }
  });

  it('separates the task families with --k auto and labels clusters with their words', async () => {
    const summary = await run({ k: 'auto' });
    expect(summary.candidates.length).toBeGreaterThan(3);
    const tags = new Map(readSamples(db, datasetId).map((s) => [s.id, s.tag]));
    const members = new Map<number, string[]>();
    for (const [id, { cluster }] of readAssignments(db, summary.clusteringId)) members.set(cluster, [...(members.get(cluster) ?? []), tags.get(id)!]);
    let majority = 0;
    for (const list of members.values()) majority += Math.max(...['billing', 'code', 'travel', 'cooking', 'legal'].map((t) => list.filter((x) => x === t).length));
    expect(majority / 400).toBeGreaterThan(0.95);
    expect(summary.k).toBeGreaterThanOrEqual(5);
    const allLabels = summary.clusters.flatMap((c) => c.labels);
    expect(allLabels).toEqual(expect.arrayContaining(['recipe', 'trip']));
    for (const c of summary.clusters) {
      expect(c.nearest).toHaveLength(3);
      expect(c.radius).toBeGreaterThanOrEqual(c.nearest[0]!.distance);
    }
    expect(summary.clusters.map((c) => c.size)).toEqual([...summary.clusters.map((c) => c.size)].sort((x, y) => y - x));
  });

  it('merges clusters under the minimum size and fits on a sample when the cap is below n', async () => {
    const summary = await run({ k: 30, minClusterSize: 25, fitSampleCap: 150, seed: 2 });
    expect(summary.fitSample).toBe(150);
    expect(summary.fittedK).toBe(30);
    expect(summary.k).toBeLessThan(30);
    expect(Math.min(...summary.clusters.map((c) => c.size))).toBeGreaterThanOrEqual(25);
    expect(summary.clusters.reduce((s, c) => s + c.size, 0)).toBe(400);
    const clustering = loadClustering(db, summary.clusteringId);
    expect(clustering.sizes).toEqual(summary.clusters.map((c) => c.size));
    expect(clustering.params.config.minClusterSize).toBe(25);
    expect(clustering.radii).toHaveLength(summary.k);
  });

  it('refuses a spec the dataset was not embedded with', async () => {
    await expect(clusterDataset(db, { datasetId, specHash: 'f'.repeat(64), clustering: ClusteringSchema.parse({}) })).rejects.toThrow(
      /not found.*router-eval embed/,
    );
  });
});
