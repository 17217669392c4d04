import { z } from 'zod';
import { LocalSpecSchema } from './localSpec.js';
import { OpenAIEmbedderSpecSchema } from './openai.js';

/**
 * Everything needed to embed a new text exactly as the dataset was embedded: the
 * provider, its parameters and any fitted state (the local IDF vector). Serialisable
 * JSON: it is stored by hash and carried in the routing table. Remote embedders add
 * their variant to this union.
 */
export const EmbedderSpecSchema = z.discriminatedUnion('provider', [LocalSpecSchema, OpenAIEmbedderSpecSchema]);
export type EmbedderSpec = z.infer<typeof EmbedderSpecSchema>;

/**
 * The embedder contract. Vectors are L2-normalised Float32Arrays of `dimensions`
 * values, one per input text, in order. The text embedded for a sample is always
 * `requestText(sample)` (src/domain/sample.ts): the system prompt, then every user turn.
 */
export interface Embedder {
  readonly spec: EmbedderSpec;
  /** contentHash(spec): the cache key half that says which embedder made a vector. */
  readonly specHash: string;
  readonly dimensions: number;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}
