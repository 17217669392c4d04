import { z } from 'zod';
import { OpenAIEmbeddingSchema } from '../embed/openai.js';

/**
 * The built-in embedder: hashed TF-IDF over words and character n-grams, no network.
 * Defaults come from test/bench/cluster-quality.ts (MMLU domains) and bench/cluster.ts.
 */
export const LocalEmbeddingSchema = z
  .object({
    provider: z.literal('local'),
    /** Hash buckets = vector length. */
    dimensions: z.number().int().min(16).max(8192).default(256),
    /** Word n-gram lengths, inclusive [min, max]; [1, 2] = unigrams and bigrams. */
    wordNgrams: z.tuple([z.number().int().min(1), z.number().int().min(1)]).default([1, 2]),
    /** Character n-gram lengths inside each whitespace-separated chunk, inclusive. */
    charNgrams: z.tuple([z.number().int().min(1), z.number().int().min(1)]).default([3, 5]),
    /** Texts embedded per store transaction. */
    batchSize: z.number().int().positive().default(1000),
  })
  .strict()
  .refine((c) => c.wordNgrams[0] <= c.wordNgrams[1], { message: 'wordNgrams: min must not exceed max', path: ['wordNgrams'] })
  .refine((c) => c.charNgrams[0] <= c.charNgrams[1], { message: 'charNgrams: min must not exceed max', path: ['charNgrams'] });
export type LocalEmbeddingConfig = z.infer<typeof LocalEmbeddingSchema>;

/** `embedding` section: a discriminated union on `provider` (built-in `local`, or remote `openai`). */
export const EmbeddingSchema = z
  .discriminatedUnion('provider', [LocalEmbeddingSchema, OpenAIEmbeddingSchema])
  .prefault({ provider: 'local' });
export type EmbeddingConfig = z.infer<typeof EmbeddingSchema>;

/** `clustering` section: k-means in cosine geometry over the embedded samples. */
export const ClusteringSchema = z
  .object({
    /** Number of clusters, or `auto` to choose it by silhouette. */
    k: z.union([z.number().int().min(1).max(1000), z.literal('auto')]).default('auto'),
    seed: z.number().int().min(0).default(1),
    /** Above this many samples, centroids are fitted on a seeded sample and everything else is assigned. */
    fitSampleCap: z.number().int().min(100).default(20_000),
    /** Clusters smaller than this are merged into their nearest neighbour. */
    minClusterSize: z.number().int().min(1).default(5),
    /** Upper end of the range `auto` searches (also bounded by sample count). */
    maxK: z.number().int().min(2).max(1000).default(40),
    /** Points on which `auto` fits and scores each candidate k. */
    autoSampleCap: z.number().int().min(100).default(3000),
    maxIterations: z.number().int().min(1).default(100),
    /** Distinctive terms kept per cluster label. */
    labelTerms: z.number().int().min(1).max(50).default(6),
  })
  .strict()
  .prefault({});
export type ClusteringConfig = z.infer<typeof ClusteringSchema>;
