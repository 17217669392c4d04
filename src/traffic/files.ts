import { accessSync, constants, statSync } from 'node:fs';
import { extname } from 'node:path';
import { InputError } from '../domain/errors.js';
import { readCsv } from './csv.js';
import { readJsonl } from './jsonl.js';
import type { Mapper } from './mapping.js';
import type { SourceRecord, TrafficFormat } from './records.js';
import { validateSample, type Validated } from './validate.js';

/**
 * A traffic file's format (forced, or from its extension), failing early, before any
 * row is read, on a file that cannot be read at all.
 */
export function checkReadable(file: string, forced: TrafficFormat | undefined): TrafficFormat {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(file).isDirectory();
  } catch {
    throw new InputError(`${file}: no such file`);
  }
  if (isDirectory) throw new InputError(`${file}: is a directory, expected a JSONL or CSV file`);
  try {
    accessSync(file, constants.R_OK);
  } catch {
    throw new InputError(`${file}: not readable (permission denied)`);
  }
  if (forced) return forced;
  const extension = extname(file).toLowerCase();
  if (extension === '.jsonl' || extension === '.ndjson') return 'jsonl';
  if (extension === '.csv') return 'csv';
  throw new InputError(`${file}: unknown format "${extension || '(no extension)'}"; use .jsonl or .csv, or pass --format jsonl|csv`);
}

/** The records of a traffic file in the given format. */
export function readRecords(file: string, format: TrafficFormat): AsyncGenerator<SourceRecord> {
  return format === 'csv' ? readCsv(file) : readJsonl(file);
}

/** A record mapped and validated into a sample, or its first problem as field + reason. */
export function sampleOf(record: SourceRecord, mapper: Mapper, limits: { maxPromptChars: number }): Validated {
  if (record.kind === 'unreadable') return { ok: false, field: record.field, reason: record.reason };
  const mapped = mapper.apply(record);
  return mapped.ok ? validateSample(mapped.candidate, limits) : mapped;
}
