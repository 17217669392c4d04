/**
 * npm run bench:cluster-quality
 *
 * Embeds and clusters the 19 MMLU files of ../shared/data/routellm (one dataset, the
 * domain as segments.domain) and prints the adjusted Rand index and purity of the
 * clusters against the domains for a few local-embedder settings. Skips without the data.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ClusteringSchema, EmbeddingSchema } from '../../src/config/embedding.js';
import { IngestOptionsSchema } from '../../src/config/schema.js';
import { clusterDataset } from '../../src/pipeline/cluster.js';
import { embedDataset } from '../../src/pipeline/embed.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { readAssignments } from '../../src/store/clusterings.js';
import { getDataset } from '../../src/store/datasets.js';
import { openStore, type Db } from '../../src/store/db.js';
import { readSamples } from '../../src/store/samples.js';
import { projectRoot } from '../helpers/cli.js';
import { NO_SHARED_DATA, routellmDir } from '../helpers/sharedData.js';

const SETTINGS: { dimensions: number; k: number | 'auto' }[] = [
  { dimensions: 256, k: 19 },
  { dimensions: 512, k: 19 },
  { dimensions: 1024, k: 19 },
  { dimensions: 256, k: 'auto' },
];

/** Adjusted Rand index of two labellings (Hubert and Arabie). */
export function adjustedRandIndex(a: readonly string[], b: readonly string[]): number {
  const pairs = (x: number): number => (x * (x - 1)) / 2;
  const table = new Map<string, number>();
  const rows = new Map<string, number>();
  const cols = new Map<string, number>();
  a.forEach((x, i) => {
    const key = `${x}\u0000${b[i]}`;
    table.set(key, (table.get(key) ?? 0) + 1);
    rows.set(x, (rows.get(x) ?? 0) + 1);
    cols.set(b[i]!, (cols.get(b[i]!) ?? 0) + 1);
  });
  const sum = (m: Map<string, number>): number => [...m.values()].reduce((s, v) => s + pairs(v), 0);
  const index = sum(table);
  const expected = (sum(rows) * sum(cols)) / pairs(a.length);
  const max = (sum(rows) + sum(cols)) / 2;
  return (index - expected) / (max - expected);
}

/** Share of samples whose cluster's majority domain is their own. */
export function purity(clusters: readonly string[], truth: readonly string[]): number {
  const counts = new Map<string, Map<string, number>>();
  clusters.forEach((c, i) => {
    const inner = counts.get(c) ?? new Map<string, number>();
    inner.set(truth[i]!, (inner.get(truth[i]!) ?? 0) + 1);
    counts.set(c, inner);
  });
  let majority = 0;
  for (const inner of counts.values()) majority += Math.max(...inner.values());
  return majority / clusters.length;
}

async function ingestMmlu(db: Db, dir: string): Promise<void> {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.csv')).sort()) {
    const domain = file.replace(/^mmlu_/, '').replace(/\.csv$/, '');
    await ingest(db, {
      files: [join(dir, file)],
      dataset: 'mmlu',
      options: IngestOptionsSchema.parse({
        set: { 'segments.domain': domain },
        map: { 'labels.cheap': 'mistralai/Mixtral-8x7B-Instruct-v0.1', 'labels.strong': 'gpt-4-1106-preview' },
      }),
    });
  }
}

const data = routellmDir();
if (!data) {
  console.log(NO_SHARED_DATA);
} else {
  const benchDir = join(projectRoot, 'runs', 'bench');
  mkdirSync(benchDir, { recursive: true });
  const dbPath = join(benchDir, 'mmlu.db');
  for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
  const db = openStore(dbPath);
  await ingestMmlu(db, join(data, 'mmlu'));
  const dataset = getDataset(db, 'mmlu');
  const samples = readSamples(db, dataset.id);
  const domains = new Set(samples.map((s) => s.segments.domain));
  console.log(`MMLU: ${samples.length} prompts, ${domains.size} domains`);
  for (const setting of SETTINGS) {
    const embedded = await embedDataset(db, { dataset: 'mmlu', embedding: EmbeddingSchema.parse({ provider: 'local', dimensions: setting.dimensions }) });
    const summary = await clusterDataset(db, {
      datasetId: dataset.id,
      specHash: embedded.specHash,
      clustering: ClusteringSchema.parse({ k: setting.k, seed: 1 }),
    });
    const assignments = readAssignments(db, summary.clusteringId);
    const predicted = samples.map((s) => String(assignments.get(s.id)!.cluster));
    const truth = samples.map((s) => s.segments.domain!);
    console.log(
      `  local ${String(setting.dimensions).padStart(4)} dims, k=${String(setting.k).padEnd(4)} -> k=${String(summary.k).padStart(2)}: ` +
        `ARI ${adjustedRandIndex(predicted, truth).toFixed(3)}, purity ${purity(predicted, truth).toFixed(3)} ` +
        `(embed ${embedded.seconds} s, cluster ${summary.seconds} s)`,
    );
  }
  db.close();
}
