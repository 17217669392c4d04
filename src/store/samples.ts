import { z } from 'zod';
import { ChatMessageSchema, LabelValueSchema, type Sample } from '../domain/sample.js';
import type { Db } from './db.js';

/** The JSON kept in samples.body: a Sample without its id and hash (those are columns). */
const StoredBodySchema = z.object({
  prompt: z.string().optional(),
  messages: z.array(ChatMessageSchema).optional(),
  system: z.string().optional(),
  segments: z.record(z.string(), z.string()),
  tag: z.string().optional(),
  timestamp: z.string().optional(),
  reference: z.string().optional(),
  responses: z.record(z.string(), z.string()),
  labels: z.record(z.string(), LabelValueSchema),
});

export interface SampleSource {
  file: string;
  line: number;
}

export type InsertOutcome =
  | { kind: 'inserted' }
  | { kind: 'duplicate'; existingId: string }
  | { kind: 'id_conflict'; existingHash: string };

/**
 * Inserts samples of one dataset, deciding each row's fate against what the store
 * already holds (including rows inserted earlier in the same batch): same content is a
 * duplicate (no-op), same id with other content is a conflict the caller quarantines.
 * Runs inside one transaction.
 */
export function insertSamples(
  db: Db,
  datasetId: number,
  rows: readonly { sample: Sample; source: SampleSource }[],
): InsertOutcome[] {
  const byHash = db.prepare('SELECT id FROM samples WHERE dataset_id = ? AND content_hash = ?').pluck();
  const byId = db.prepare('SELECT content_hash FROM samples WHERE dataset_id = ? AND id = ?').pluck();
  const nextSeq = db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 FROM samples WHERE dataset_id = ?').pluck();
  // New rows (the common case) cost one statement; only a conflict is looked up to say which kind it is.
  const insert = db.prepare(
    `INSERT INTO samples (dataset_id, id, seq, content_hash, tag, timestamp, body, source_file, source_line)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  return db.transaction(() => {
    let seq = nextSeq.get(datasetId) as number;
    return rows.map(({ sample, source }): InsertOutcome => {
      const { id, contentHash, ...body } = sample;
      const { changes } = insert.run(
        datasetId,
        id,
        seq,
        contentHash,
        sample.tag ?? null,
        sample.timestamp ?? null,
        JSON.stringify(body),
        source.file,
        source.line,
      );
      if (changes === 1) {
        seq += 1;
        return { kind: 'inserted' };
      }
      const sameContent = byHash.get(datasetId, contentHash) as string | undefined;
      if (sameContent !== undefined) return { kind: 'duplicate', existingId: sameContent };
      return { kind: 'id_conflict', existingHash: byId.get(datasetId, id) as string };
    });
  })();
}

interface SampleRow {
  id: string;
  content_hash: string;
  body: string;
}

function toSample(row: SampleRow): Sample {
  const body = StoredBodySchema.parse(JSON.parse(row.body));
  return { id: row.id, contentHash: row.content_hash, ...body };
}

/** Every sample of a dataset in ingest order, streamed so large datasets never sit in memory whole. */
export function* iterateSamples(db: Db, datasetId: number): Generator<Sample> {
  const rows = db
    .prepare('SELECT id, content_hash, body FROM samples WHERE dataset_id = ? ORDER BY seq')
    .iterate(datasetId) as IterableIterator<SampleRow>;
  for (const row of rows) yield toSample(row);
}

export function readSamples(db: Db, datasetId: number): Sample[] {
  return [...iterateSamples(db, datasetId)];
}

export function getSamples(db: Db, datasetId: number, ids: readonly string[]): Map<string, Sample> {
  const stmt = db.prepare('SELECT id, content_hash, body FROM samples WHERE dataset_id = ? AND id = ?');
  const found = new Map<string, Sample>();
  for (const id of ids) {
    const row = stmt.get(datasetId, id) as SampleRow | undefined;
    if (row) found.set(id, toSample(row));
  }
  return found;
}

export function countSamples(db: Db, datasetId: number): number {
  return db.prepare('SELECT COUNT(*) FROM samples WHERE dataset_id = ?').pluck().get(datasetId) as number;
}
