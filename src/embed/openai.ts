import type OpenAI from 'openai';
import { z } from 'zod';
import { normalizeRows } from '../cluster/vectors.js';
import { ApiKeyEnvSchema, PricingSchema } from '../config/lanes.js';
import { ProviderError } from '../domain/call.js';
import { InputError } from '../domain/errors.js';
import { contentHash } from '../domain/hash.js';
import { createExecutor, type Executor } from '../exec/executor.js';
import { publicBaseURL } from '../providers/laneRequest.js';
import { classifyOpenAIError, createOpenAIClient } from '../providers/openai.js';
import { estimateTokens, resolvePricing } from '../providers/pricing.js';
import type { Embedder } from './embedder.js';

/** `embedding` config variant: text-embedding-3-* or any OpenAI-compatible embeddings endpoint. */
export const OpenAIEmbeddingSchema = z
  .object({
    provider: z.literal('openai'),
    model: z.string().min(1).default('text-embedding-3-small'),
    baseURL: z.url().optional(),
    apiKeyEnv: ApiKeyEnvSchema.default('OPENAI_API_KEY'),
    /** Vector length: required for models this tool does not know; text-embedding-3-* can shorten to it. */
    dimensions: z.number().int().positive().optional(),
    /** Texts sent in one request. */
    inputsPerRequest: z.number().int().min(1).max(2048).default(100),
    /** Texts per store transaction (as for the local embedder). */
    batchSize: z.number().int().positive().default(1000),
    concurrency: z.number().int().positive().default(4),
    rpm: z.number().positive().optional(),
    tpm: z.number().positive().optional(),
    timeoutMs: z.number().int().positive().default(60_000),
    pricing: PricingSchema.optional(),
  })
  .strict();
export type OpenAIEmbeddingConfig = z.infer<typeof OpenAIEmbeddingSchema>;

/** What determines the vectors (the cache key half): never keys, limits or timeouts. */
export const OpenAIEmbedderSpecSchema = z
  .object({
    provider: z.literal('openai'),
    model: z.string(),
    baseURL: z.string().optional(),
    dimensions: z.number().int().positive(),
  })
  .strict();
export type OpenAIEmbedderSpec = z.infer<typeof OpenAIEmbedderSpecSchema>;

/** An Embedder whose spec is the remote variant (a member of EmbedderSpec once the union lists it). */
export type OpenAIEmbedder = Omit<Embedder, 'spec'> & { spec: OpenAIEmbedderSpec };

const NATIVE_DIMENSIONS: Record<string, number> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};

/**
 * Remote embeddings through the executor (concurrency, rate limits, retries), the
 * requests split into `inputsPerRequest` texts. Asks for base64 float32 explicitly and
 * also accepts plain float arrays, which some compatible servers send regardless.
 */
export function createOpenAIEmbedder(
  config: OpenAIEmbeddingConfig,
  options: { env?: NodeJS.ProcessEnv; executor?: Executor } = {},
): OpenAIEmbedder {
  const dimensions = config.dimensions ?? NATIVE_DIMENSIONS[config.model];
  if (dimensions === undefined) throw new InputError(`embedding.dimensions: required for model "${config.model}" (its vector length is not known)`);
  const { client, apiKey } = createOpenAIClient(config, options.env ?? process.env, 'embedding');
  const executor = options.executor ?? createExecutor();
  const pool = executor.pool(`embed ${config.model}`, {
    concurrency: config.concurrency,
    rpm: config.rpm,
    tpm: config.tpm,
    pricing: resolvePricing(config.model, config.pricing),
  });
  // Only the text-embedding-3 family can shorten vectors; others reject the parameter.
  const sendDimensions = config.dimensions !== undefined && config.model.startsWith('text-embedding-3');
  const spec: OpenAIEmbedderSpec = { provider: 'openai', model: config.model, baseURL: publicBaseURL(config.baseURL), dimensions };

  const embedChunk = async (texts: readonly string[]): Promise<Float32Array[]> => {
    let vectors: Float32Array[] = [];
    const outcome = await pool.run({
      requestHash: contentHash({ spec, texts }),
      inputTokens: texts.reduce((sum, t) => sum + estimateTokens(t), 0),
      maxOutputTokens: 0,
      call: async (signal) => {
        let response: OpenAI.Embeddings.CreateEmbeddingResponse;
        try {
          response = await client.embeddings.create(
            { model: config.model, input: [...texts], encoding_format: 'base64', ...(sendDimensions ? { dimensions } : {}) },
            { signal },
          );
        } catch (error) {
          throw classifyOpenAIError(error, apiKey);
        }
        vectors = decode(response, texts.length, dimensions);
        return { text: '', inputTokens: response.usage?.prompt_tokens ?? 0, outputTokens: 0, finishReason: 'embeddings' };
      },
    });
    if (outcome.kind === 'ok') return vectors;
    if (outcome.kind === 'skipped') throw new InputError(`embedding stopped (${outcome.reason.replace('_', ' ')})`);
    throw new InputError(`embedding failed after ${outcome.attempts} attempt(s): ${outcome.errorClass}: ${outcome.message}`);
  };

  return {
    spec,
    specHash: contentHash(spec),
    dimensions,
    async embed(texts) {
      const chunks: (readonly string[])[] = [];
      for (let i = 0; i < texts.length; i += config.inputsPerRequest) chunks.push(texts.slice(i, i + config.inputsPerRequest));
      return (await Promise.all(chunks.map(embedChunk))).flat();
    },
  };
}

function decode(response: OpenAI.Embeddings.CreateEmbeddingResponse, count: number, dimensions: number): Float32Array[] {
  const vectors: Float32Array[] = new Array<Float32Array>(count);
  for (const item of response.data ?? []) {
    const raw: unknown = item.embedding;
    const vector =
      typeof raw === 'string'
        ? float32FromBase64(raw)
        : Array.isArray(raw)
          ? Float32Array.from(raw as number[])
          : undefined;
    if (!vector || vector.length !== dimensions || item.index < 0 || item.index >= count) {
      throw new ProviderError('parse', `embedding ${item.index}: expected ${dimensions} values`);
    }
    // The Embedder contract wants L2-normalised vectors (compatible servers do not all normalise).
    normalizeRows(vector, 1, dimensions);
    vectors[item.index] = vector;
  }
  if (vectors.some((v) => v === undefined)) throw new ProviderError('parse', `expected ${count} embeddings, got ${response.data?.length ?? 0}`);
  return vectors;
}

function float32FromBase64(text: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  // Copy into an aligned buffer: the decoded bytes may start at any offset.
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer, 0, Math.floor(copy.byteLength / 4));
}

