import { z } from 'zod';
import { RoutingPolicySchema } from '../domain/analysis.js';
import { EmbedderSpecSchema } from '../embed/embedder.js';

/**
 * The routing-table artifact: everything a service needs to route a new prompt exactly
 * as the analysis did, and nothing secret (lanes carry provider and model, never keys
 * or endpoints). Bump ROUTING_TABLE_SCHEMA_VERSION on any change a reader of version 1
 * could misread; the JSON Schema in schema/routing-table.schema.json is generated from
 * this file at build time.
 */
export const ROUTING_TABLE_SCHEMA_VERSION = 1;

const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'expected a lower-case hex sha256');

const ProportionSchema = z
  .object({
    k: z.number().int().min(0),
    n: z.number().int().min(0),
    rate: z.number().min(0).max(1).nullable(),
    low: z.number().min(0).max(1),
    high: z.number().min(0).max(1),
  })
  .strict();

export const LaneRefSchema = z
  .object({
    name: z.string().min(1),
    provider: z.string().min(1),
    model: z.string().min(1),
  })
  .strict();
export type LaneRef = z.infer<typeof LaneRefSchema>;

const LaneEvidenceSchema = z
  .object({
    lane: z.string().min(1),
    judged: z.number().int().min(0),
    pass: ProportionSchema,
    clears: z.boolean(),
    shortfall: z.enum(['too_few_judged', 'below_threshold']).optional(),
  })
  .strict();

export const TableClusterSchema = z
  .object({
    id: z.number().int().min(0),
    /** Unit-length centroid, exactly the clustering's Float32 values (shortest decimal that reads back to them). */
    centroid: z.array(z.number()),
    /** Cosine distance beyond which a prompt is out of distribution for this cluster. */
    radius: z.number().min(0),
    lane: z.string().min(1),
    /** Why this lane: a cheaper lane cleared the bar, none did, none exists, or the analysis saw no sample here. */
    decision: z.enum(['cleared', 'no_lane_cleared', 'reference_only', 'no_samples']),
    /** The deciding evidence: the chosen lane when one cleared, else the cheapest candidate; null without candidates. */
    pass: z
      .object({ lane: z.string().min(1), rate: z.number().min(0).max(1).nullable(), low: z.number(), high: z.number(), judged: z.number().int().min(0) })
      .strict()
      .nullable(),
    /** Samples of the cluster the decision was fitted on, and their share of all fitted samples. */
    n: z.number().int().min(0),
    share: z.number().min(0).max(1),
    passThreshold: z.number().gt(0).lt(1),
    minSamples: z.number().int().positive(),
    governingTags: z.array(z.string()),
    labels: z.array(z.string()),
    /** Every candidate lane, cheapest first. */
    evidence: z.array(LaneEvidenceSchema),
  })
  .strict();
export type TableCluster = z.infer<typeof TableClusterSchema>;

export const TableOverrideSchema = z
  .object({
    cluster: z.number().int().min(0),
    /** 'segment': request.segments[attribute] === value; 'tag': request.tag === value. */
    source: z.enum(['segment', 'tag']),
    attribute: z.string().min(1),
    value: z.string(),
    lane: z.string().min(1),
    evidence: z.object({ lane: z.string().min(1), pass: ProportionSchema, passThreshold: z.number() }).strict(),
  })
  .strict();
export type TableOverride = z.infer<typeof TableOverrideSchema>;

export const RoutingTableSchema = z
  .object({
    schemaVersion: z.literal(ROUTING_TABLE_SCHEMA_VERSION),
    /** "sha256:" + sha256 of canonicalJson(every other field). */
    checksum: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'expected "sha256:" and 64 hex digits'),
    createdAt: z.iso.datetime({ offset: true }),
    source: z
      .object({
        runId: z.string().min(1),
        clusteringId: z.number().int().positive(),
        dataset: z
          .object({
            name: z.string().min(1),
            /** sha256 of the sorted sample content hashes, one per line. */
            fingerprint: Sha256Schema,
            samples: z.number().int().min(0),
            /** Earliest and latest sample timestamp; null when the traffic has none. */
            timeWindow: z.object({ from: z.string().nullable(), to: z.string().nullable() }).strict(),
          })
          .strict(),
      })
      .strict(),
    /** The embedder with its fitted parameters: a prompt embeds here exactly as it did in the analysis. */
    embedder: z.object({ hash: Sha256Schema, spec: EmbedderSpecSchema }).strict(),
    lanes: z.array(LaneRefSchema).min(1),
    referenceLane: z.string().min(1),
    clusters: z.array(TableClusterSchema).min(1),
    overrides: z.array(TableOverrideSchema),
    outOfDistribution: z
      .object({
        /** A prompt whose cosine distance to its nearest centroid exceeds that cluster's radius goes to `lane`. */
        rule: z.literal('distance_above_radius'),
        metric: z.literal('cosine'),
        lane: z.string().min(1),
      })
      .strict(),
    policy: RoutingPolicySchema,
    /** Identifies the judge(s) whose verdicts the decisions rest on; null when the run was not judged. */
    judgeSpecHash: Sha256Schema.nullable(),
  })
  .strict()
  .superRefine((table, ctx) => {
    const lanes = new Set(table.lanes.map((l) => l.name));
    if (lanes.size !== table.lanes.length) ctx.addIssue({ code: 'custom', path: ['lanes'], message: 'lane names must be unique' });
    const laneAt = (lane: string, path: PropertyKey[]) => {
      if (!lanes.has(lane)) ctx.addIssue({ code: 'custom', path, message: `lane "${lane}" is not in lanes` });
    };
    laneAt(table.referenceLane, ['referenceLane']);
    laneAt(table.outOfDistribution.lane, ['outOfDistribution', 'lane']);
    const dims = table.embedder.spec.dimensions;
    table.clusters.forEach((c, i) => {
      if (c.id !== i) ctx.addIssue({ code: 'custom', path: ['clusters', i, 'id'], message: `expected id ${i} (clusters are numbered 0..k-1 in order)` });
      if (c.centroid.length !== dims) {
        ctx.addIssue({ code: 'custom', path: ['clusters', i, 'centroid'], message: `expected ${dims} values (the embedder's dimensions), found ${c.centroid.length}` });
      }
      laneAt(c.lane, ['clusters', i, 'lane']);
    });
    table.overrides.forEach((o, i) => {
      if (o.cluster >= table.clusters.length) ctx.addIssue({ code: 'custom', path: ['overrides', i, 'cluster'], message: `no cluster ${o.cluster}` });
      laneAt(o.lane, ['overrides', i, 'lane']);
    });
  });
export type RoutingTable = z.infer<typeof RoutingTableSchema>;
