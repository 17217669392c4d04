import { z } from 'zod';
import { InputError } from '../domain/errors.js';
import { ChatMessageSchema } from '../domain/sample.js';
import { EmbedderSpecSchema, type EmbedderSpec } from '../embed/embedder.js';
import type { Db } from './db.js';

/** Float32 vectors as BLOBs in the platform's byte order (little-endian on every Node target). */
export function vectorToBlob(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

/** Copies a BLOB into `target` at `offset` (BLOB buffers are not guaranteed 4-byte aligned). */
export function blobInto(blob: Buffer, target: Float32Array, offset = 0): void {
  const bytes = new Uint8Array(target.buffer, target.byteOffset + offset * 4, blob.byteLength);
  bytes.set(blob);
}

export interface StoredSpec {
  id: number;
  specHash: string;
  spec: EmbedderSpec;
}

/** Stores a spec under its hash (no-op when present) and returns its row id. */
export function saveSpec(db: Db, spec: EmbedderSpec, specHash: string): number {
  db.prepare(
    `INSERT INTO embedder_specs (spec_hash, provider, dimensions, spec, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(spec_hash) DO NOTHING`,
  ).run(specHash, spec.provider, spec.dimensions, JSON.stringify(spec), new Date().toISOString());
  return db.prepare('SELECT id FROM embedder_specs WHERE spec_hash = ?').pluck().get(specHash) as number;
}

export function getSpec(db: Db, specHash: string): StoredSpec {
  const row = db.prepare('SELECT id, spec FROM embedder_specs WHERE spec_hash = ?').get(specHash) as
    | { id: number; spec: string }
    | undefined;
  if (!row) throw new InputError(`embedder spec ${specHash.slice(0, 12)} not found in ${db.name}; run "router-eval embed" first`);
  return { id: row.id, specHash, spec: EmbedderSpecSchema.parse(JSON.parse(row.spec)) };
}

/** Identifies the samples a spec was fitted on; samples are only ever appended, so count and last seq suffice. */
export interface DatasetFingerprint {
  samples: number;
  maxSeq: number;
}

export function datasetFingerprint(db: Db, datasetId: number): DatasetFingerprint {
  return db
    .prepare('SELECT COUNT(*) AS samples, COALESCE(MAX(seq), 0) AS maxSeq FROM samples WHERE dataset_id = ?')
    .get(datasetId) as DatasetFingerprint;
}

/** The spec this config already fitted on exactly these samples, if any. */
export function findFittedSpec(db: Db, datasetId: number, configHash: string, at: DatasetFingerprint): StoredSpec | undefined {
  const hash = db
    .prepare(
      `SELECT s.spec_hash FROM dataset_embeddings e JOIN embedder_specs s ON s.id = e.spec_id
        WHERE e.dataset_id = ? AND e.config_hash = ? AND e.samples = ? AND e.max_seq = ?
        ORDER BY e.embedded_at DESC LIMIT 1`,
    )
    .pluck()
    .get(datasetId, configHash, at.samples, at.maxSeq) as string | undefined;
  return hash === undefined ? undefined : getSpec(db, hash);
}

export function recordDatasetEmbedding(db: Db, datasetId: number, specId: number, configHash: string, at: DatasetFingerprint): void {
  db.prepare(
    `INSERT INTO dataset_embeddings (dataset_id, spec_id, config_hash, samples, max_seq, embedded_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(dataset_id, spec_id) DO UPDATE SET config_hash = excluded.config_hash, samples = excluded.samples,
       max_seq = excluded.max_seq, embedded_at = excluded.embedded_at`,
  ).run(datasetId, specId, configHash, at.samples, at.maxSeq, new Date().toISOString());
}

/** The spec hash the dataset was most recently embedded with, if any. */
export function latestDatasetSpecHash(db: Db, datasetId: number): string | undefined {
  return db
    .prepare(
      `SELECT s.spec_hash FROM dataset_embeddings e JOIN embedder_specs s ON s.id = e.spec_id
        WHERE e.dataset_id = ? ORDER BY e.embedded_at DESC, e.rowid DESC LIMIT 1`,
    )
    .pluck()
    .get(datasetId) as string | undefined;
}

/** Only the fields requestText reads, so paging through a large dataset parses little. */
const RequestBodySchema = z.object({
  prompt: z.string().optional(),
  messages: z.array(ChatMessageSchema).optional(),
  system: z.string().optional(),
});
export type RequestFields = z.infer<typeof RequestBodySchema>;

export interface SampleRequestRow {
  id: string;
  seq: number;
  request: RequestFields;
}

/**
 * One page of a dataset's samples in ingest order, after `afterSeq`. Paging (rather
 * than one open iterator) lets the caller write between pages on the same connection.
 */
export function readRequestPage(db: Db, datasetId: number, afterSeq: number, limit: number): SampleRequestRow[] {
  const rows = db
    .prepare('SELECT id, seq, body FROM samples WHERE dataset_id = ? AND seq > ? ORDER BY seq LIMIT ?')
    .all(datasetId, afterSeq, limit) as { id: string; seq: number; body: string }[];
  return rows.map((row) => ({ id: row.id, seq: row.seq, request: RequestBodySchema.parse(JSON.parse(row.body)) }));
}

/** Statements for the embed stage's inner loop, prepared once. */
export interface VectorWriter {
  has(specId: number, textHash: string): boolean;
  /** Writes new vectors and the samples' text hashes in one transaction. */
  write(specId: number, vectors: { textHash: string; vector: Float32Array }[], texts: { datasetId: number; sampleId: string; textHash: string }[]): void;
}

export function vectorWriter(db: Db): VectorWriter {
  const exists = db.prepare('SELECT 1 FROM embeddings WHERE spec_id = ? AND text_hash = ?').pluck();
  const insertVector = db.prepare('INSERT OR IGNORE INTO embeddings (spec_id, text_hash, vector) VALUES (?, ?, ?)');
  const upsertText = db.prepare(
    `INSERT INTO sample_texts (dataset_id, sample_id, text_hash) VALUES (?, ?, ?)
     ON CONFLICT(dataset_id, sample_id) DO UPDATE SET text_hash = excluded.text_hash WHERE text_hash <> excluded.text_hash`,
  );
  const write = db.transaction(
    (specId: number, vectors: { textHash: string; vector: Float32Array }[], texts: { datasetId: number; sampleId: string; textHash: string }[]) => {
      for (const { textHash, vector } of vectors) insertVector.run(specId, textHash, vectorToBlob(vector));
      for (const { datasetId, sampleId, textHash } of texts) upsertText.run(datasetId, sampleId, textHash);
    },
  );
  return { has: (specId, textHash) => exists.get(specId, textHash) !== undefined, write };
}

/** Samples of the dataset that have a vector under this spec. */
export function countEmbedded(db: Db, datasetId: number, specId: number): number {
  return db
    .prepare(
      `SELECT COUNT(*) FROM sample_texts t JOIN embeddings e ON e.spec_id = ? AND e.text_hash = t.text_hash
        WHERE t.dataset_id = ?`,
    )
    .pluck()
    .get(specId, datasetId) as number;
}

/**
 * Streams the dataset's vectors in ingest order. The yielded `vector` is one scratch
 * array overwritten by the next item: copy what must outlive the step. The connection
 * is busy until the iteration ends.
 */
export function* iterateVectors(
  db: Db,
  datasetId: number,
  specId: number,
  dims: number,
): Generator<{ index: number; sampleId: string; vector: Float32Array }> {
  const rows = db
    .prepare(
      `SELECT s.id AS sampleId, e.vector AS vector FROM samples s
         JOIN sample_texts t ON t.dataset_id = s.dataset_id AND t.sample_id = s.id
         JOIN embeddings e ON e.spec_id = ? AND e.text_hash = t.text_hash
        WHERE s.dataset_id = ? ORDER BY s.seq`,
    )
    .iterate(specId, datasetId) as IterableIterator<{ sampleId: string; vector: Buffer }>;
  const scratch = new Float32Array(dims);
  let index = 0;
  for (const row of rows) {
    if (row.vector.byteLength !== dims * 4) throw new Error(`vector of ${row.sampleId} has ${row.vector.byteLength} bytes, expected ${dims * 4}`);
    blobInto(row.vector, scratch);
    yield { index: index++, sampleId: row.sampleId, vector: scratch };
  }
}
