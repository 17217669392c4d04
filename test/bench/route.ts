/**
 * npm run bench:route
 *
 * The cost of one route() call with the local embedder: a table built from 5,000
 * generated prompts (ingest → embed → cluster with k=auto, in a temporary store), then
 * route() over other generated prompts, after a warm-up. Prints µs per call for
 * prompts, for vectors (the nearest-centroid part alone) and the one-off load time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decideRouting, type JudgedSample } from '../../src/analysis/index.js';
import { buildRoutingTable, datasetProvenance } from '../../src/artifact/build.js';
import { loadRoutingTable, route } from '../../src/artifact/runtime.js';
import { ClusteringSchema, EmbeddingSchema } from '../../src/config/embedding.js';
import { IngestOptionsSchema } from '../../src/config/schema.js';
import { DEFAULT_ROUTING_POLICY } from '../../src/domain/analysis.js';
import { embedLocal } from '../../src/embed/local.js';
import { clusterDataset } from '../../src/pipeline/cluster.js';
import { embedDataset } from '../../src/pipeline/embed.js';
import { writeRoutingTableFile } from '../../src/pipeline/export.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { loadClustering, readAssignments } from '../../src/store/clusterings.js';
import { getDataset } from '../../src/store/datasets.js';
import { openStore } from '../../src/store/db.js';
import { readSamples } from '../../src/store/samples.js';
import { generatePrompts, writePromptsJsonl } from './generate.js';

const dir = mkdtempSync(join(tmpdir(), 'router-eval-bench-route-'));
try {
  const traffic = join(dir, 'traffic.jsonl');
  await writePromptsJsonl(traffic, 5000, 1);
  const db = openStore(join(dir, 'store.db'));
  await ingest(db, { files: [traffic], dataset: 'bench', options: IngestOptionsSchema.parse({}) });
  const datasetId = getDataset(db, 'bench').id;
  const { specHash } = await embedDataset(db, { dataset: 'bench', embedding: EmbeddingSchema.parse({ provider: 'local' }) });
  const { clusteringId } = await clusterDataset(db, { datasetId, specHash, clustering: ClusteringSchema.parse({}) });
  const clustering = loadClustering(db, clusteringId);
  const assignments = readAssignments(db, clusteringId);
  const samples = readSamples(db, datasetId);
  // Every cheap answer ties: every cluster clears the bar, so the table has real decisions.
  const judged: JudgedSample[] = samples.map((s) => ({
    sampleId: s.id,
    ...assignments.get(s.id)!,
    segments: s.segments,
    inputChars: 0,
    lanes: { cheap: { costUsd: 0, latencyMs: 0, ok: true }, strong: { costUsd: 0, latencyMs: 0, ok: true } },
    verdicts: { cheap: 'tie' },
  }));
  const lanes = [
    { name: 'cheap', provider: 'recorded', model: 'small', costRank: 0, isReference: false },
    { name: 'strong', provider: 'recorded', model: 'big', costRank: 1, isReference: true },
  ];
  const geometry = clustering.radii.map((radius, cluster) => ({ cluster, radius }));
  const table = buildRoutingTable({
    createdAt: new Date().toISOString(),
    runId: 'bench',
    dataset: datasetProvenance('bench', samples),
    clustering,
    lanes,
    decisions: decideRouting(judged, lanes, DEFAULT_ROUTING_POLICY, geometry),
    policy: DEFAULT_ROUTING_POLICY,
    judgeSpecHash: null,
  });
  db.close();
  const file = join(dir, 'table.json');
  writeRoutingTableFile(file, table);

  let started = performance.now();
  const loaded = loadRoutingTable(file);
  const loadMs = performance.now() - started;
  const prompts = [...generatePrompts(20_000, 99)].map((p) => p.prompt);
  const meanChars = Math.round(prompts.reduce((sum, p) => sum + p.length, 0) / prompts.length);
  for (const prompt of prompts.slice(0, 2000)) route(loaded, { prompt });

  started = performance.now();
  let sink = 0;
  for (const prompt of prompts) sink += route(loaded, { prompt }).cluster;
  const promptUs = ((performance.now() - started) * 1000) / prompts.length;

  const spec = loaded.embedder.spec;
  if (spec.provider !== 'local') throw new Error('bench:route builds its table with the local embedder');
  const vectors = prompts.slice(0, 5000).map((p) => embedLocal(spec, p));
  started = performance.now();
  for (let round = 0; round < 4; round++) for (const vector of vectors) sink += route(loaded, { vector }).cluster;
  const vectorUs = ((performance.now() - started) * 1000) / (vectors.length * 4);

  console.log(`table: k=${loaded.clusters.length}, ${spec.dimensions} dims, loaded and verified in ${loadMs.toFixed(1)} ms`);
  console.log(`route({ prompt }): ${promptUs.toFixed(1)} µs per call (${prompts.length} prompts, ${meanChars} chars on average)`);
  console.log(`route({ vector }): ${vectorUs.toFixed(2)} µs per call (nearest centroid + decision only)`);
  if (sink < 0) console.log(sink);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
