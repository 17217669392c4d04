import { z } from 'zod';

/** Bumped whenever tokenisation or hashing changes, so old cached vectors are never reused. */
export const LOCAL_EMBEDDER_VERSION = 1;

const Range = z.tuple([z.number().int().min(1), z.number().int().min(1)]);

/** The local hashed TF-IDF embedder, fitted: parameters plus one IDF weight per bucket. */
export const LocalSpecSchema = z
  .object({
    provider: z.literal('local'),
    version: z.literal(LOCAL_EMBEDDER_VERSION),
    dimensions: z.number().int().positive(),
    /** Text is NFKC-normalised then lower-cased before tokenising. */
    normalization: z.literal('nfkc-lower'),
    wordNgrams: Range,
    charNgrams: Range,
    sublinearTf: z.literal(true),
    /** Texts the IDF was fitted on. */
    documents: z.number().int().min(0),
    /** Smoothed IDF per bucket, rounded to 6 decimals so the JSON is stable. */
    idf: z.array(z.number()),
  })
  .strict()
  .refine((s) => s.idf.length === s.dimensions, { message: 'idf must have one weight per dimension', path: ['idf'] });
export type LocalSpec = z.infer<typeof LocalSpecSchema>;
