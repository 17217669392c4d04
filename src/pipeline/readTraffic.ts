import { statSync } from 'node:fs';
import { extname } from 'node:path';
import type { IngestOptions } from '../config/schema.js';
import { InputError } from '../domain/errors.js';
import type { Sample } from '../domain/sample.js';
import { readCsv } from '../traffic/csv.js';
import { readJsonl } from '../traffic/jsonl.js';
import { createMapper, parseAssignments } from '../traffic/mapping.js';
import { validateSample } from '../traffic/validate.js';

export interface TrafficRead {
  samples: Sample[];
  rowsRead: number;
  /** Rows that would be quarantined by ingest, and the first few reasons. */
  rejected: number;
  problems: { file: string; line: number; field: string; reason: string }[];
}

const REPORTED = 5;

/**
 * Reads traffic files into samples without storing them (the drift check must not grow
 * the store): the same readers, mapping and validation as ingest.
 */
export async function readTrafficSamples(files: readonly string[], options: IngestOptions): Promise<TrafficRead> {
  if (files.length === 0) throw new InputError('no traffic file given (--traffic FILE)');
  const maps = parseAssignments(options.map, '--map');
  const constants = parseAssignments(options.set, '--set');
  const read: TrafficRead = { samples: [], rowsRead: 0, rejected: 0, problems: [] };
  for (const file of files) {
    const format = formatOf(file, options.format);
    const mapper = createMapper(maps, constants);
    for await (const record of format === 'csv' ? readCsv(file) : readJsonl(file)) {
      read.rowsRead++;
      const mapped = record.kind === 'unreadable' ? { ok: false as const, field: record.field, reason: record.reason } : mapper.apply(record);
      const validated = mapped.ok ? validateSample(mapped.candidate, options) : mapped;
      if (validated.ok) read.samples.push(validated.sample);
      else {
        read.rejected++;
        if (read.problems.length < REPORTED) read.problems.push({ file, line: record.line, field: validated.field, reason: validated.reason });
      }
    }
  }
  return read;
}

function formatOf(file: string, forced: IngestOptions['format']): 'jsonl' | 'csv' {
  try {
    if (statSync(file).isDirectory()) throw new InputError(`${file}: is a directory, expected a JSONL or CSV file`);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${file}: no such file`);
  }
  if (forced) return forced;
  const extension = extname(file).toLowerCase();
  if (extension === '.jsonl' || extension === '.ndjson') return 'jsonl';
  if (extension === '.csv') return 'csv';
  throw new InputError(`${file}: unknown format "${extension || '(no extension)'}"; use .jsonl or .csv, or pass --format jsonl|csv`);
}
