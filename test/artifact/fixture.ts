import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JudgedSample, LaneInfo, RunAnalysis } from '../../src/analysis/index.js';
import { ClusteringSchema, EmbeddingSchema } from '../../src/config/embedding.js';
import { IngestOptionsSchema } from '../../src/config/schema.js';
import { clusterDataset } from '../../src/pipeline/cluster.js';
import { embedDataset } from '../../src/pipeline/embed.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { loadClustering, readAssignments, type Clustering } from '../../src/store/clusterings.js';
import { getDataset } from '../../src/store/datasets.js';
import type { Db } from '../../src/store/db.js';
import { createRun } from '../../src/store/runs.js';
import { readSamples } from '../../src/store/samples.js';
import { generatePrompts } from '../bench/generate.js';
import { storeSyntheticAnalysis, syntheticJudged } from '../helpers/storedAnalysis.js';

export { ROUTING } from '../helpers/storedAnalysis.js';

/**
 * A small analysed run built with the real stages: generated prompts from five task
 * families (every sixth one in locale ja-JP), ingested, embedded with the local
 * embedder, clustered (k=5), then judged synthetically: billing and cooking answers
 * from the cheap lane tie with the strong lane except for ja-JP, where they are worse
 * (the planted harmed segment); other families are worse half the time.
 */
export const LANES: (LaneInfo & { provider: string; model: string })[] = [
  { name: 'cheap', provider: 'recorded', model: 'small-model', costRank: 0, isReference: false },
  { name: 'strong', provider: 'recorded', model: 'big-model', costRank: 1, isReference: true },
];
const SAFE_TAGS = new Set(['billing', 'cooking']);

export interface AnalysedRun {
  datasetId: number;
  runId: string;
  clustering: Clustering;
  judged: JudgedSample[];
  analysis: RunAnalysis;
  trafficFile: string;
}

export async function analysedRun(db: Db, dir: string, count = 900): Promise<AnalysedRun> {
  const trafficFile = join(dir, 'traffic.jsonl');
  const lines = [...generatePrompts(count, 11)].map((p, i) =>
    JSON.stringify({ ...p, segments: { locale: i % 6 === 0 ? 'ja-JP' : 'en-US' }, timestamp: `2025-03-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z` }),
  );
  writeFileSync(trafficFile, `${lines.join('\n')}\n`);
  await ingest(db, { files: [trafficFile], dataset: 'gen', options: IngestOptionsSchema.parse({}) });
  const datasetId = getDataset(db, 'gen').id;
  const { specHash } = await embedDataset(db, { dataset: 'gen', embedding: EmbeddingSchema.parse({ provider: 'local' }) });
  const { clusteringId } = await clusterDataset(db, { datasetId, specHash, clustering: ClusteringSchema.parse({ k: 5, seed: 2 }) });
  const clustering = loadClustering(db, clusteringId);
  const assignments = readAssignments(db, clusteringId);

  const judged = syntheticJudged(readSamples(db, datasetId), assignments, (s, i) =>
    SAFE_TAGS.has(s.tag!) ? (s.segments.locale === 'ja-JP' ? 'cheap_worse' : 'tie') : i % 2 === 0 ? 'cheap_worse' : 'tie',
  );
  const run = createRun(db, {
    datasetId,
    config: { lanes: { cheap: { provider: 'recorded', model: 'small-model' }, strong: { provider: 'recorded', model: 'big-model' } } },
    configHash: 'fixture-config',
  });
  const analysis = storeSyntheticAnalysis(db, run.id, { clustering, judged, lanes: LANES });
  return { datasetId, runId: run.id, clustering, judged, analysis, trafficFile };
}
