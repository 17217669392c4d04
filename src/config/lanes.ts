import { z } from 'zod';
import { InputError } from '../domain/errors.js';

/** USD per million tokens; overrides the built-in table (src/providers/pricing.ts). */
export const PricingSchema = z
  .object({
    inputPerMTok: z.number().nonnegative(),
    outputPerMTok: z.number().nonnegative(),
  })
  .strict();
export type Pricing = z.infer<typeof PricingSchema>;

/** An env var *name* (lanes, judge, embedder): a key pasted here by mistake fails this rule instead of being stored. */
export const ApiKeyEnvSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be the name of an environment variable, not a key');

/** Parameters every lane takes, whatever its provider. */
const laneCommon = {
  /** Replaces the samples' system prompt for this lane. */
  system: z.string().optional(),
  maxOutputTokens: z.number().int().positive().optional(),
  temperature: z.number().min(0).max(2).optional(),
  topP: z.number().min(0).max(1).optional(),
  stop: z.array(z.string().min(1)).max(4).optional(),
  timeoutMs: z.number().int().positive().default(60_000),
  concurrency: z.number().int().positive().max(1000).default(4),
  /** Requests per minute, enforced as a continuous rate with at most one second of burst. */
  rpm: z.number().positive().optional(),
  /** Tokens (input + output) per minute; estimated before each call, corrected by reported usage. */
  tpm: z.number().positive().optional(),
  pricing: PricingSchema.optional(),
};

export const OpenAILaneSchema = z
  .object({
    provider: z.literal('openai'),
    model: z.string().min(1),
    apiKeyEnv: ApiKeyEnvSchema.default('OPENAI_API_KEY'),
    /** Any OpenAI-compatible server: vLLM, Ollama, a LiteLLM proxy. */
    baseURL: z.url().optional(),
    ...laneCommon,
  })
  .strict();

export const AnthropicLaneSchema = z
  .object({
    provider: z.literal('anthropic'),
    model: z.string().min(1),
    apiKeyEnv: ApiKeyEnvSchema.default('ANTHROPIC_API_KEY'),
    baseURL: z.url().optional(),
    ...laneCommon,
  })
  .strict();

/** Answers already in the traffic (`responses[<lane>]`); `model` names who wrote them, for pricing. */
export const RecordedLaneSchema = z
  .object({
    provider: z.literal('recorded'),
    model: z.string().min(1).default('recorded'),
    ...laneCommon,
  })
  .strict();

export const LaneSchema = z.discriminatedUnion('provider', [OpenAILaneSchema, AnthropicLaneSchema, RecordedLaneSchema]);
export type LaneConfig = z.infer<typeof LaneSchema>;
export type LaneProviderName = LaneConfig['provider'];

export const LanesSchema = z
  .record(z.string().regex(/^[A-Za-z0-9_-]+$/, 'lane names use letters, digits, - and _'), LaneSchema)
  .refine((lanes) => Object.keys(lanes).length >= 2, 'at least two lanes are needed (a cheap one and a strong one)');
export type LanesConfig = z.infer<typeof LanesSchema>;

/** The one retry/limit layer's knobs (DESIGN.md §4). */
export const ExecutorSettingsSchema = z
  .object({
    maxAttempts: z.number().int().min(1).max(20).default(4),
    /** A server asking for a longer wait (retry-after) is waited this long at most. */
    retryAfterCapMs: z.number().int().nonnegative().default(30_000),
    backoffBaseMs: z.number().int().nonnegative().default(500),
    backoffMaxMs: z.number().int().nonnegative().default(20_000),
    /** After Ctrl-C, how long in-flight calls may finish before they are abandoned. */
    drainTimeoutMs: z.number().int().nonnegative().default(10_000),
  })
  .strict();
export type ExecutorSettings = z.infer<typeof ExecutorSettingsSchema>;

export const ReplaySettingsSchema = z
  .object({
    /** The reference lane the others are compared with. */
    strongLane: z.string().min(1).default('strong'),
    /** USD; recorded lanes spend nothing and do not count. */
    maxCost: z.number().positive().optional(),
    /** Serve identical earlier requests from the store instead of calling again. */
    cache: z.boolean().default(true),
    /**
     * Highest share of a lane's calls that may fail for the run to count as complete (and be
     * judged and analysed); above it the run is incomplete (exit 3) until --retry-errors.
     * Failed calls within it count against their lane in the analysis.
     */
    maxErrorRate: z.number().min(0).max(1).default(0.02),
  })
  .strict();
export type ReplaySettings = z.infer<typeof ReplaySettingsSchema>;

/** Cross-field rules the section shapes cannot express; throws InputError naming the field. */
export function checkLaneRules(lanes: LanesConfig | undefined, replay: ReplaySettings | undefined): LanesConfig {
  if (lanes === undefined) throw new InputError('config: no "lanes" section; define at least a "cheap" and a "strong" lane');
  const strong = replay?.strongLane ?? 'strong';
  if (!(strong in lanes)) {
    throw new InputError(
      `config: replay.strongLane: lane "${strong}" is not defined (lanes: ${Object.keys(lanes).join(', ')})`,
    );
  }
  return lanes;
}
