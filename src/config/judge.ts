import { z } from 'zod';
import { ApiKeyEnvSchema, PricingSchema } from './lanes.js';

/**
 * The `judge` section: which judge decides each pair's verdict. A discriminated union
 * on `type`; `by-tag` picks a judge per sample tag (rules for checkable tasks, an LLM
 * for the rest). Any judge may carry a `single` LLM judge alongside it, whose
 * acceptability and confidence on the cheap answer feed the cascade simulation.
 */

/** What a rule compares the cheap answer with: the sample's reference when it has one, else the strong answer. */
const AgainstSchema = z.enum(['auto', 'reference', 'strong']).default('auto');

const llmFields = {
  provider: z.enum(['openai', 'anthropic']),
  model: z.string().min(1),
  /** Any OpenAI-compatible server (vLLM, Ollama, a LiteLLM proxy). */
  baseURL: z.url().optional(),
  /** Env var holding the key; default OPENAI_API_KEY or ANTHROPIC_API_KEY. A key pasted here fails the pattern. */
  apiKeyEnv: ApiKeyEnvSchema.optional(),
  concurrency: z.number().int().positive().default(4),
  rpm: z.number().positive().optional(),
  tpm: z.number().positive().optional(),
  /** USD per million tokens; default: the built-in table of src/providers/pricing.ts. */
  pricing: PricingSchema.optional(),
  maxOutputTokens: z.number().int().positive().default(400),
  temperature: z.number().min(0).max(2).default(0),
  timeoutMs: z.number().int().positive().default(60_000),
  /** Seeds the per-sample order when `swap` is off; part of the judge's identity. */
  seed: z.number().int().default(0),
  /** Replaces the default rubric for every tag without its own entry in `rubrics`. */
  rubric: z.string().min(1).optional(),
  rubrics: z.record(z.string(), z.string().min(1)).default({}),
  /** Untrusted text longer than this is cut with an explicit marker, so the rubric is never pushed out. */
  maxAnswerChars: z.number().int().min(200).default(12_000),
  maxConversationChars: z.number().int().min(200).default(12_000),
  /** Re-asks after an unparseable reply before the verdict is stored as an error. */
  reasks: z.number().int().min(0).max(3).default(1),
  /** Ask for provider-native structured output (JSON schema / forced tool); off for servers without it. */
  structuredOutput: z.boolean().default(true),
};

export const SingleJudgeSchema = z.object({ type: z.literal('single'), ...llmFields }).strict();

const withSingle = { single: SingleJudgeSchema.optional() };

export const PairwiseJudgeSchema = z
  .object({
    type: z.literal('pairwise'),
    ...withSingle,
    ...llmFields,
    /** Judge both orders and reconcile; off: one order per sample, randomised with `seed`. */
    swap: z.boolean().default(true),
  })
  .strict();

export const ExactJudgeSchema = z
  .object({
    type: z.literal('exact'),
    ...withSingle,
    against: AgainstSchema,
    caseSensitive: z.boolean().default(false),
  })
  .strict();

export const RegexJudgeSchema = z
  .object({
    type: z.literal('regex'),
    ...withSingle,
    /** An answer passes when the pattern matches it; cheap and strong are each checked and compared. */
    pattern: z.string().min(1),
    flags: z.string().regex(/^[imsu]*$/, 'flags may use only i, m, s, u').default(''),
  })
  .strict()
  .superRefine((judge, ctx) => {
    try {
      new RegExp(judge.pattern, judge.flags);
    } catch (error) {
      ctx.addIssue({ code: 'custom', path: ['pattern'], message: `not a valid regular expression: ${(error as Error).message}` });
    }
  });

export const JsonSchemaJudgeSchema = z
  .object({
    type: z.literal('json-schema'),
    ...withSingle,
    /** An answer passes when it parses as JSON and validates against this JSON Schema. */
    schema: z.record(z.string(), z.unknown()),
  })
  .strict()
  .superRefine((judge, ctx) => {
    try {
      z.fromJSONSchema(judge.schema as Parameters<typeof z.fromJSONSchema>[0]);
    } catch (error) {
      ctx.addIssue({ code: 'custom', path: ['schema'], message: `unsupported JSON Schema: ${(error as Error).message}` });
    }
  });

export const NumericJudgeSchema = z
  .object({
    type: z.literal('numeric'),
    ...withSingle,
    against: AgainstSchema,
    /** Absolute difference under which two final numbers are equal. */
    tolerance: z.number().nonnegative().default(1e-6),
  })
  .strict();

export const SimilarityJudgeSchema = z
  .object({
    type: z.literal('similarity'),
    ...withSingle,
    against: AgainstSchema,
    /** Cosine under the configured embedder at or above which the cheap answer passes. */
    threshold: z.number().min(-1).max(1).default(0.8),
  })
  .strict();

export const LabelsJudgeSchema = z
  .object({
    type: z.literal('labels'),
    ...withSingle,
    /** Label keys holding each lane's recorded outcome (boolean or score); default: the lane names. */
    cheapLabel: z.string().min(1).optional(),
    strongLabel: z.string().min(1).optional(),
    /** Scores closer than this are a tie (1-10 judge scores are noisy). */
    tieMargin: z.number().nonnegative().default(0),
  })
  .strict();

/** A judge that decides one pair by itself (anything but `by-tag`). */
export const LeafJudgeSchema = z.discriminatedUnion('type', [
  PairwiseJudgeSchema,
  SingleJudgeSchema,
  ExactJudgeSchema,
  RegexJudgeSchema,
  JsonSchemaJudgeSchema,
  NumericJudgeSchema,
  SimilarityJudgeSchema,
  LabelsJudgeSchema,
]);

export const ByTagJudgeSchema = z
  .object({
    type: z.literal('by-tag'),
    /** The judge for samples without a tag or with a tag not listed. */
    default: LeafJudgeSchema,
    tags: z.record(z.string().min(1), LeafJudgeSchema),
    /** The cascade's single judge for every tag whose judge carries none. */
    single: SingleJudgeSchema.optional(),
  })
  .strict();

export const JudgeConfigSchema = z.discriminatedUnion('type', [LeafJudgeSchema, ByTagJudgeSchema]);

export type SingleJudgeConfig = z.infer<typeof SingleJudgeSchema>;
export type PairwiseJudgeConfig = z.infer<typeof PairwiseJudgeSchema>;
export type LlmJudgeConfig = SingleJudgeConfig | PairwiseJudgeConfig;
export type LeafJudgeConfig = z.infer<typeof LeafJudgeSchema>;
export type ByTagJudgeConfig = z.infer<typeof ByTagJudgeSchema>;
export type JudgeConfig = z.infer<typeof JudgeConfigSchema>;
export type JudgeConfigInput = z.input<typeof JudgeConfigSchema>;
