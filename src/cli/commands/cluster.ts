import { type Command, Option } from 'commander';
import { ClusteringSchema } from '../../config/embedding.js';
import { InputError } from '../../domain/errors.js';
import { clusterDataset, type ClusterSummary } from '../../pipeline/cluster.js';
import { latestDatasetSpecHash } from '../../store/embeddings.js';
import { createContext, withCommonOptions, type CommonFlags } from '../context.js';
import type { Output } from '../output.js';
import { resolveDataset } from './embed.js';
import { nonNegativeInt } from '../flags.js';

interface ClusterFlags extends CommonFlags {
  dataset?: string;
  k?: number | 'auto';
  seed?: number;
}

export function registerCluster(program: Command): void {
  withCommonOptions(
    program
      .command('cluster')
      .summary('k-means cluster the embedded samples of a dataset and label the clusters')
      .description(
        'Cluster the dataset\'s vectors (from its latest "router-eval embed") with k-means in cosine geometry, ' +
          'deterministic for a seed. Stores centroids, assignments, radii and labels as a new clustering; ' +
          'earlier clusterings are kept.',
      )
      .option('-d, --dataset <name>', 'dataset (default: config "dataset" or the most recent one)')
      .addOption(new Option('-k, --k <n|auto>', 'number of clusters, or auto (silhouette) (default: config or auto)').argParser(parseK))
      .addOption(new Option('--seed <n>', 'random seed (default: config or 1)').argParser(nonNegativeInt('--seed'))),
  )
    .addHelpText('after', '\nExamples:\n  $ router-eval embed && router-eval cluster --k auto\n  $ router-eval cluster --dataset mmlu --k 19 --seed 7 --json')
    .action(async (flags: ClusterFlags) => {
      const context = createContext(flags);
      const { out } = context;
      const db = context.openDb();
      try {
        const dataset = resolveDataset(db, flags.dataset ?? context.loaded.config.dataset);
        const specHash = latestDatasetSpecHash(db, dataset.id);
        if (specHash === undefined) throw new InputError(`dataset "${dataset.name}" has no embeddings; run "router-eval embed --dataset ${dataset.name}" first`);
        const clustering = ClusteringSchema.parse({
          ...context.loaded.config.clustering,
          ...(flags.k !== undefined && { k: flags.k }),
          ...(flags.seed !== undefined && { seed: flags.seed }),
        });
        const summary = await clusterDataset(db, {
          datasetId: dataset.id,
          specHash,
          clustering,
          onProgress: (phase) => out.log(`cluster: ${phase}…`),
        });
        if (out.json) out.printJson({ dataset: dataset.name, ...summary });
        else printSummary(out, dataset.name, summary);
      } finally {
        db.close();
      }
    });
}

/** The largest k the clustering config accepts. */
const MAX_K = 1000;

function parseK(value: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  const k = Number(value);
  if (!Number.isInteger(k) || k < 1 || k > MAX_K) throw new InputError(`--k: expected a whole number from 1 to ${MAX_K} or "auto", found "${value}"`);
  return k;
}


function printSummary(out: Output, dataset: string, s: ClusterSummary): void {
  const chosen = s.candidates.find((c) => c.k === s.fittedK);
  const how = chosen ? `auto, silhouette ${chosen.silhouette}` : 'fixed';
  const merged = s.fittedK > s.k ? `, ${s.fittedK - s.k} small merged` : '';
  out.print(
    `clustering ${s.clusteringId} of dataset ${dataset}: k=${s.k} (${how}${merged}), ${s.samples} samples, ` +
      `fitted on ${s.fitSample}, spec ${s.specHash.slice(0, 12)}, ${s.seconds} s`,
  );
  const sizeWidth = Math.max(4, String(s.clusters[0]?.size ?? 0).length);
  out.print(`${'id'.padStart(4)}  ${'size'.padStart(sizeWidth)}  ${'share'.padStart(6)}  label terms`);
  for (const c of s.clusters) {
    out.print(
      `${String(c.cluster).padStart(4)}  ${String(c.size).padStart(sizeWidth)}  ${`${(c.share * 100).toFixed(1)}%`.padStart(6)}  ${c.labels.join(', ')}`,
    );
  }
}
