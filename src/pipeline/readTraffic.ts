import type { IngestOptions } from '../config/schema.js';
import { InputError } from '../domain/errors.js';
import type { Sample } from '../domain/sample.js';
import { checkReadable, readRecords, sampleOf } from '../traffic/files.js';
import { createMapper, parseAssignments } from '../traffic/mapping.js';

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
    const format = checkReadable(file, options.format);
    const mapper = createMapper(maps, constants);
    for await (const record of readRecords(file, format)) {
      read.rowsRead++;
      const validated = sampleOf(record, mapper, options);
      if (validated.ok) read.samples.push(validated.sample);
      else {
        read.rejected++;
        if (read.problems.length < REPORTED) read.problems.push({ file, line: record.line, field: validated.field, reason: validated.reason });
      }
    }
  }
  return read;
}
