/**
 * npm run bench:cluster [-- --only 100k]  (or BENCH_ONLY=100k)
 *
 * Generated prompts through ingest → embed → cluster at 100k and 1M, each size in its
 * own process so peak RSS is per size; then the k-means objective of our fit against
 * a full ml-kmeans fit (its own k-means++) on 20k vectors. Prints figures only.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kmeans } from 'ml-kmeans';
import { fitKMeans, kmeansObjective } from '../../src/cluster/fit.js';
import { mulberry32 } from '../../src/domain/random.js';
import { ClusteringSchema, EmbeddingSchema } from '../../src/config/embedding.js';
import { IngestOptionsSchema } from '../../src/config/schema.js';
import { clusterDataset } from '../../src/pipeline/cluster.js';
import { embedDataset } from '../../src/pipeline/embed.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { getDataset } from '../../src/store/datasets.js';
import { openStore } from '../../src/store/db.js';
import { getSpec, iterateVectors } from '../../src/store/embeddings.js';
import { writePromptsJsonl } from './generate.js';

const BENCH_DIR = join(fileURLToPath(new URL('../..', import.meta.url)), 'runs', 'bench');
const SIZES: Record<string, number> = { '100k': 100_000, '1m': 1_000_000 };
const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const dimensions = Number(process.env.BENCH_DIMS ?? 256);
const fitSampleCap = Number(process.env.BENCH_FIT_CAP ?? 20_000);

const peakMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

async function timed<T>(label: string, count: number, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  const seconds = (performance.now() - started) / 1000;
  console.log(`  ${label.padEnd(8)} ${seconds.toFixed(1).padStart(7)} s  ${Math.round(count / seconds).toString().padStart(8)} prompts/s  peak RSS ${peakMb()} MB`);
  return result;
}

/** One size, run in a child process: generate (once), then ingest, embed, cluster into a fresh store. */
async function runSize(name: string): Promise<void> {
  const count = SIZES[name]!;
  mkdirSync(BENCH_DIR, { recursive: true });
  const file = join(BENCH_DIR, `prompts-${name}.jsonl`);
  if (!existsSync(file)) await writePromptsJsonl(file, count, 1);
  const dbPath = join(BENCH_DIR, `bench-${name}.db`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
  const db = openStore(dbPath);
  console.log(`${name}: ${count} prompts, ${dimensions} dims, fit sample cap ${fitSampleCap}`);
  const started = performance.now();
  await timed('ingest', count, () => ingest(db, { files: [file], dataset: 'bench', options: IngestOptionsSchema.parse({}) }));
  const embedding = EmbeddingSchema.parse({ provider: 'local', dimensions });
  const embedded = await timed('embed', count, () => embedDataset(db, { dataset: 'bench', embedding }));
  const summary = await timed('cluster', count, () =>
    clusterDataset(db, {
      datasetId: getDataset(db, 'bench').id,
      specHash: embedded.specHash,
      clustering: ClusteringSchema.parse({ k: 'auto', fitSampleCap }),
    }),
  );
  const total = (performance.now() - started) / 1000;
  console.log(`  total    ${total.toFixed(1).padStart(7)} s  k=${summary.k} (fitted ${summary.fittedK}), peak RSS ${peakMb()} MB`);
  const cached = await timed('re-embed', count, () => embedDataset(db, { dataset: 'bench', embedding }));
  console.log(`  re-embed: ${cached.embedded} embedded, ${cached.cached} cached`);
  db.close();
}

/** Our seeding + Lloyd vs ml-kmeans with its own k-means++, same 20k vectors, same k. */
function inertiaCheck(): void {
  const dbPath = join(BENCH_DIR, 'bench-100k.db');
  if (!existsSync(dbPath)) return console.log('inertia: run the 100k size first');
  const db = openStore(dbPath);
  const datasetId = getDataset(db, 'bench').id;
  const hash = db.prepare('SELECT spec_hash FROM embedder_specs ORDER BY id DESC LIMIT 1').pluck().get() as string;
  const { id: specId, spec } = getSpec(db, hash);
  const dims = spec.dimensions;
  const n = 20_000;
  const k = 20;
  const flat = new Float32Array(n * dims);
  for (const { index, vector } of iterateVectors(db, datasetId, specId, dims)) {
    if (index >= n) break;
    flat.set(vector, index * dims);
  }
  db.close();
  let started = performance.now();
  const ours = fitKMeans(flat, n, dims, { k, random: mulberry32(1), maxIterations: 100 });
  const oursSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const data = Array.from({ length: n }, (_, i) => Array.from(flat.subarray(i * dims, (i + 1) * dims)));
  const reference = kmeans(data, k, { seed: 1, maxIterations: 100 });
  const referenceSeconds = (performance.now() - started) / 1000;
  const referenceCentroids = new Float32Array(k * dims);
  reference.centroids.forEach((c, i) => referenceCentroids.set(c, i * dims));
  const referenceInertia = kmeansObjective(flat, n, dims, referenceCentroids, k);
  console.log(
    `inertia at ${n} x ${dims}, k=${k}: ours ${ours.inertia.toFixed(1)} (${oursSeconds.toFixed(1)} s), ` +
      `ml-kmeans full ${referenceInertia.toFixed(1)} (${referenceSeconds.toFixed(1)} s), ratio ${(ours.inertia / referenceInertia).toFixed(4)}`,
  );
}

const child = flag('--size');
if (child) {
  await runSize(child);
} else {
  const only = (flag('--only') ?? process.env.BENCH_ONLY)?.toLowerCase();
  for (const name of only ? [only] : Object.keys(SIZES)) {
    if (!SIZES[name]) throw new Error(`--only: expected one of ${Object.keys(SIZES).join(', ')}`);
    spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--size', name], { stdio: 'inherit' });
  }
  if (process.env.BENCH_SKIP_INERTIA !== '1') inertiaCheck();
}
