import { readFileSync } from 'node:fs';
import { assignNearest, normalizeRows } from '../cluster/vectors.js';
import { InputError } from '../domain/errors.js';
import { requestText, type ChatMessage } from '../domain/sample.js';
import { describeIssues } from '../domain/zodIssues.js';
import { localEmbedFunction } from '../embed/local.js';
import { tableChecksum } from './checksum.js';
import { ROUTING_TABLE_SCHEMA_VERSION, RoutingTableSchema, type RoutingTable, type TableOverride } from './schema.js';

/**
 * The consumer runtime: load a routing table, route requests. No database, no network:
 *   const table = loadRoutingTable('routing-table.json');
 *   const { lane, model } = route(table, { prompt });
 */

/** What is known about a request when it is routed. `system` is embedded before the user turns, as in the analysis. */
export type RouteRequest = (
  | { prompt: string; system?: string }
  | { messages: readonly ChatMessage[]; system?: string }
  /** A vector from the table's embedder (unit length, `embedder.spec.dimensions` values). */
  | { vector: Float32Array | readonly number[] }
) & {
  /** Request attributes known at request time (locale, tier, ...), for segment overrides. */
  segments?: Readonly<Record<string, string>>;
  /** The request's task tag, for tag overrides. */
  tag?: string;
};

export type RouteReason = 'cluster_decision' | 'segment_override' | 'out_of_distribution';

export interface RouteDecision {
  lane: string;
  model: string;
  cluster: number;
  /** Cosine distance to the cluster's centroid. */
  distance: number;
  reason: RouteReason;
}

/** Reads, validates (schema, then checksum) and returns a routing table; errors name the file. */
export function loadRoutingTable(path: string): RoutingTable {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`${path}: cannot read the routing table (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return parseRoutingTable(text, path);
}

/** loadRoutingTable for JSON already in memory; `source` names it in errors. */
export function parseRoutingTable(text: string, source = 'routing table'): RoutingTable {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${source}: not JSON (${(error as Error).message})`);
  }
  const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version > ROUTING_TABLE_SCHEMA_VERSION) {
    throw new InputError(`${source}: routing table schemaVersion ${version} is newer than this router-eval reads (${ROUTING_TABLE_SCHEMA_VERSION}); upgrade router-eval`);
  }
  const parsed = RoutingTableSchema.safeParse(raw);
  if (!parsed.success) {
    throw new InputError(`${source}: not a valid routing table:\n${describeIssues(parsed.error, '(top level)')}`);
  }
  const actual = tableChecksum(raw as object);
  if (actual !== parsed.data.checksum) {
    throw new InputError(
      `${source}: checksum mismatch: the table says ${parsed.data.checksum} but its content hashes to ${actual}; ` +
        'it was changed after export (re-export it rather than editing it)',
    );
  }
  return parsed.data;
}

/**
 * Per-table state built once so each route() call is an embedding plus a dot product per
 * cluster. Keyed by the table object: a loaded table is treated as immutable.
 */
interface Prepared {
  k: number;
  dims: number;
  centroids: Float32Array;
  embed: (text: string) => Float32Array;
  models: Map<string, string>;
  overrides: TableOverride[][];
}

const preparedTables = new WeakMap<RoutingTable, Prepared>();

function prepare(table: RoutingTable): Prepared {
  const cached = preparedTables.get(table);
  if (cached) return cached;
  const dims = table.embedder.spec.dimensions;
  const k = table.clusters.length;
  const centroids = new Float32Array(k * dims);
  table.clusters.forEach((c, i) => centroids.set(c.centroid, i * dims));
  const overrides = table.clusters.map(() => [] as TableOverride[]);
  for (const o of table.overrides) overrides[o.cluster]!.push(o);
  const prepared: Prepared = {
    k,
    dims,
    centroids,
    embed: embedderFor(table),
    models: new Map(table.lanes.map((l) => [l.name, l.model])),
    overrides,
  };
  preparedTables.set(table, prepared);
  return prepared;
}

/** The table's embedder as a synchronous function; one case per provider of the spec union. */
function embedderFor(table: RoutingTable): (text: string) => Float32Array {
  const { spec } = table.embedder;
  switch (spec.provider) {
    case 'local':
      return localEmbedFunction(spec);
    case 'openai':
      // The runtime never calls the network: the caller embeds with the same model and passes the vector.
      return () => {
        throw new InputError(
          `this routing table embeds with the remote model "${spec.model}" (${spec.dimensions} dimensions): ` +
            'embed the prompt with that model and call route(table, { vector })',
        );
      };
  }
}

/**
 * Routes one request as the analysis routes a stored sample: nearest centroid; farther
 * than that cluster's radius -> the out-of-distribution lane; else a matching segment or
 * tag override (first in table order); else the cluster's decision. `segments`, when
 * given, adds to (and wins over) request.segments.
 */
export function route(table: RoutingTable, request: RouteRequest, segments?: Readonly<Record<string, string>>): RouteDecision {
  const p = prepare(table);
  const vector = vectorOf(p, request);
  const { cluster, distance } = assignNearest(p.centroids, p.k, p.dims, vector);
  const entry = table.clusters[cluster]!;
  const decide = (lane: string, reason: RouteReason): RouteDecision => ({ lane, model: p.models.get(lane)!, cluster, distance, reason });
  if (distance > entry.radius) return decide(table.outOfDistribution.lane, 'out_of_distribution');
  const attributes = segments ? { ...request.segments, ...segments } : (request.segments ?? {});
  const override = p.overrides[cluster]!.find((o) =>
    o.source === 'tag' ? request.tag === o.value : attributes[o.attribute] === o.value,
  );
  if (override) return decide(override.lane, 'segment_override');
  return decide(entry.lane, 'cluster_decision');
}

function vectorOf(p: Prepared, request: RouteRequest): Float32Array {
  if ('vector' in request) {
    if (request.vector.length !== p.dims) {
      throw new InputError(`route: the vector has ${request.vector.length} values; this table's embedder makes ${p.dims}`);
    }
    // A copy at unit length: distances (and so the out-of-distribution rule) assume unit vectors, as the analysis stored them.
    const vector = Float32Array.from(request.vector);
    normalizeRows(vector, 1, p.dims);
    return vector;
  }
  if ('messages' in request) return p.embed(requestText({ messages: [...request.messages], system: request.system }));
  return p.embed(requestText({ prompt: request.prompt, system: request.system }));
}
