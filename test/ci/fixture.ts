import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Verdict } from '../../src/analysis/index.js';
import { ClusteringSchema, EmbeddingSchema } from '../../src/config/embedding.js';
import { IngestOptionsSchema } from '../../src/config/schema.js';
import type { Sample } from '../../src/domain/sample.js';
import { clusterDataset } from '../../src/pipeline/cluster.js';
import { embedDataset } from '../../src/pipeline/embed.js';
import { routingTableForRun, writeRoutingTableFile } from '../../src/pipeline/export.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { callStore } from '../../src/store/calls.js';
import { loadClustering, readAssignments } from '../../src/store/clusterings.js';
import { getDataset } from '../../src/store/datasets.js';
import type { Db } from '../../src/store/db.js';
import { createRun } from '../../src/store/runs.js';
import { readSamples } from '../../src/store/samples.js';
import { generatePrompts, TOPICS } from '../bench/generate.js';
import { storeSyntheticAnalysis, syntheticJudged } from '../helpers/storedAnalysis.js';

/**
 * Analysed runs for the CI tests, built with the real stages: generated prompts from five
 * task families (every sixth in locale ja-JP), ingested, embedded with the local
 * embedder and clustered; each run then stores its lane calls and an analysis of
 * synthetic verdicts chosen by the caller (so a test can plant a flip or a harmed
 * segment).
 */
export const LANES = [
  { name: 'cheap', provider: 'openai', model: 'small-model', costRank: 0, isReference: false },
  { name: 'strong', provider: 'openai', model: 'big-model', costRank: 1, isReference: true },
];

export type VerdictOf = (sample: Sample, index: number) => Verdict;

/** Billing and cooking tie with the strong lane (except ja-JP billing, worse); other families are worse half the time. */
export const baseVerdicts: VerdictOf = (s, i) => {
  if (s.tag === 'billing') return s.segments.locale === 'ja-JP' ? 'cheap_worse' : 'tie';
  if (s.tag === 'cooking') return 'tie';
  return i % 2 === 0 ? 'cheap_worse' : 'tie';
};

/** Canonical JSONL lines of generated prompts; `topics` keeps only those families (a planted shift). */
export function trafficLines(count: number, seed: number, topics?: readonly string[]): string[] {
  return [...generatePrompts(count, seed)]
    .filter((p) => !topics || topics.includes(p.tag))
    .map((p, i) => JSON.stringify({ ...p, id: `s${seed}-${i}`, segments: { locale: i % 6 === 0 ? 'ja-JP' : 'en-US' } }));
}

export async function ingestAndCluster(db: Db, dir: string, count = 600, options: { k?: number; seed?: number } = {}): Promise<{ datasetId: number; clusteringId: number }> {
  const file = join(dir, 'traffic.jsonl');
  writeFileSync(file, `${trafficLines(count, 11).join('\n')}\n`);
  await ingest(db, { files: [file], dataset: 'gen', options: IngestOptionsSchema.parse({}) });
  const datasetId = getDataset(db, 'gen').id;
  const { specHash } = await embedDataset(db, { dataset: 'gen', embedding: EmbeddingSchema.parse({ provider: 'local' }) });
  const { clusteringId } = await clusterDataset(db, { datasetId, specHash, clustering: ClusteringSchema.parse({ k: options.k ?? 5, seed: options.seed ?? 2 }) });
  return { datasetId, clusteringId };
}

/**
 * A complete analysed run over the dataset's samples with the given verdicts. Lane calls
 * are stored as paid ($0.001 cheap, $0.01 strong) unless `reused`, when they are stored
 * as answers reused from the cache (attempts 0).
 */
export function analysedRunWith(db: Db, ids: { datasetId: number; clusteringId: number }, verdictOf: VerdictOf, options: { reused?: boolean } = {}): string {
  const clustering = loadClustering(db, ids.clusteringId);
  const assignments = readAssignments(db, ids.clusteringId);
  const samples = readSamples(db, ids.datasetId);
  const run = createRun(db, {
    datasetId: ids.datasetId,
    config: { lanes: { cheap: { provider: 'openai', model: 'small-model' }, strong: { provider: 'openai', model: 'big-model' } } },
    configHash: 'ci-fixture',
  });
  const calls = callStore(db);
  db.transaction(() => {
    for (const s of samples) {
      for (const lane of LANES) {
        calls.save({
          runId: run.id,
          sampleId: s.id,
          lane: lane.name,
          provider: lane.provider,
          model: lane.model,
          requestHash: `${lane.name}:${s.contentHash}`,
          response: 'answer',
          estimated: false,
          latencyMs: lane.isReference ? 900 : 100,
          costUsd: lane.isReference ? 0.01 : 0.001,
          attempts: options.reused ? 0 : 1,
          status: 'ok',
        });
      }
    }
  })();
  const judged = syntheticJudged(samples, assignments, verdictOf);
  storeSyntheticAnalysis(db, run.id, { clustering, judged, lanes: LANES });
  return run.id;
}

/** Writes the run's routing table to `file`. */
export function exportTable(db: Db, runId: string, file: string): string {
  writeRoutingTableFile(file, routingTableForRun(db, runId, new Date('2025-04-01T00:00:00Z')));
  return file;
}

export const TOPIC_NAMES = Object.keys(TOPICS);
