import { z } from 'zod';
import { ClusteringSchema, EmbeddingSchema } from './embedding.js';
import { ExecutorSettingsSchema, LanesSchema, ReplaySettingsSchema } from './lanes.js';
import { JudgeConfigSchema } from './judge.js';
import { HoldoutConfigSchema, RoutingConfigSchema, SegmentsConfigSchema } from './routing.js';
import { GatesConfigSchema } from './gates.js';

/**
 * How traffic files are read, shared by `ingest` flags and the config's `traffic` section.
 * `map` and `set` take dotted canonical targets (`segments.locale`, `labels.cheap`).
 */
export const IngestOptionsSchema = z
  .object({
    format: z.enum(['jsonl', 'csv']).optional(),
    map: z.record(z.string(), z.string()).default({}),
    set: z.record(z.string(), z.string()).default({}),
    maxPromptChars: z.number().int().positive().default(100_000),
  })
  .strict();
export type IngestOptions = z.infer<typeof IngestOptionsSchema>;

export const TrafficSchema = IngestOptionsSchema.extend({
  /** Files to ingest, relative to the config file. */
  files: z.array(z.string().min(1)).min(1),
}).strict();

/**
 * The whole config file. Sections are added by the stages that own them; each is
 * optional with defaults so a minimal file (or none) works.
 */
export const ConfigSchema = z
  .object({
    $schema: z.string().optional(),
    /** The dataset every command works on unless --dataset says otherwise. */
    dataset: z.string().min(1).optional(),
    /** Store file, relative to the config file; --db overrides. */
    db: z.string().min(1).optional(),
    traffic: TrafficSchema.optional(),
    embedding: EmbeddingSchema,
    clustering: ClusteringSchema,
    lanes: LanesSchema.optional(),
    executor: ExecutorSettingsSchema.prefault({}),
    replay: ReplaySettingsSchema.prefault({}),
    judge: JudgeConfigSchema.optional(),
    routing: RoutingConfigSchema,
    segments: SegmentsConfigSchema,
    holdout: HoldoutConfigSchema,
    gates: GatesConfigSchema,
  })
  .strict();
export type Config = z.infer<typeof ConfigSchema>;
