import { basename, extname } from 'node:path';
import type { IngestOptions } from '../config/schema.js';
import { InputError } from '../domain/errors.js';
import type { Sample } from '../domain/sample.js';
import type { Db } from '../store/db.js';
import { datasetExists, dropEmptyDataset, ensureDataset } from '../store/datasets.js';
import { quarantineRows, type QuarantinedRow } from '../store/quarantine.js';
import { insertSamples, type SampleSource } from '../store/samples.js';
import { checkReadable, readRecords, sampleOf } from '../traffic/files.js';
import { createMapper, parseAssignments, type Assignment } from '../traffic/mapping.js';
import type { TrafficFormat } from '../traffic/records.js';

export interface IngestRequest {
  files: readonly string[];
  /** Defaults to the first file's name without its extension. */
  dataset?: string;
  options: IngestOptions;
  /** Called every few thousand rows with the running total. */
  onProgress?: (rowsRead: number) => void;
}

export interface IngestError {
  file: string;
  line: number;
  field: string;
  reason: string;
}

export interface FileSummary {
  file: string;
  format: TrafficFormat;
  rowsRead: number;
  ingested: number;
  duplicates: number;
  quarantined: number;
}

export interface IngestSummary {
  dataset: string;
  files: FileSummary[];
  rowsRead: number;
  ingested: number;
  duplicates: number;
  quarantined: number;
  /** Source fields that map to nothing (reported so a forgotten --map is noticed). */
  ignoredFields: string[];
  /** The first problems, in file order. */
  errors: IngestError[];
}

const BATCH_ROWS = 2000;
const REPORTED_ERRORS = 20;

/**
 * Reads traffic files into a dataset. Every row is either stored, counted as a
 * duplicate of stored content, or quarantined with its file, line, field and reason:
 * a bad row never aborts the file and nothing valid is dropped.
 */
export async function ingest(db: Db, request: IngestRequest): Promise<IngestSummary> {
  if (request.files.length === 0) throw new InputError('ingest: no traffic files given');
  const formats = request.files.map((file) => checkReadable(file, request.options.format));
  const maps = parseAssignments(request.options.map, '--map');
  const constants = parseAssignments(request.options.set, '--set');
  const datasetName = request.dataset ?? basename(request.files[0]!, extname(request.files[0]!));
  const isNew = !datasetExists(db, datasetName);
  const dataset = ensureDataset(db, datasetName);
  try {
    return await ingestFiles(db, request, dataset.id, datasetName, formats, maps, constants);
  } catch (error) {
    // A usage error found on the first row (a --map column that is not there) must not leave an empty dataset behind as the new default.
    if (isNew) dropEmptyDataset(db, dataset.id);
    throw error;
  }
}

async function ingestFiles(
  db: Db,
  request: IngestRequest,
  datasetId: number,
  datasetName: string,
  formats: TrafficFormat[],
  maps: Assignment[],
  constants: Assignment[],
): Promise<IngestSummary> {
  const summary: IngestSummary = {
    dataset: datasetName,
    files: [],
    rowsRead: 0,
    ingested: 0,
    duplicates: 0,
    quarantined: 0,
    ignoredFields: [],
    errors: [],
  };
  const ignored = new Set<string>();

  for (const [index, file] of request.files.entries()) {
    const format = formats[index]!;
    const mapper = createMapper(maps, constants);
    const fileSummary: FileSummary = { file, format, rowsRead: 0, ingested: 0, duplicates: 0, quarantined: 0 };
    let good: { sample: Sample; source: SampleSource; raw: string }[] = [];
    let bad: QuarantinedRow[] = [];

    const flush = (): void => {
      const outcomes = insertSamples(db, datasetId, good);
      for (const [i, outcome] of outcomes.entries()) {
        const { sample, source, raw } = good[i]!;
        if (outcome.kind === 'inserted') fileSummary.ingested += 1;
        else if (outcome.kind === 'duplicate') fileSummary.duplicates += 1;
        else bad.push({ ...source, field: 'id', reason: `duplicate id "${sample.id}" with different content`, raw });
      }
      quarantineRows(db, datasetId, bad);
      fileSummary.quarantined += bad.length;
      for (const row of bad) {
        if (summary.errors.length < REPORTED_ERRORS) summary.errors.push({ file: row.file, line: row.line, field: row.field, reason: row.reason });
      }
      good = [];
      bad = [];
    };

    for await (const record of readRecords(file, format)) {
      fileSummary.rowsRead += 1;
      const validated = sampleOf(record, mapper, request.options);
      if (validated.ok) {
        good.push({ sample: validated.sample, source: { file, line: record.line }, raw: record.raw });
      } else {
        bad.push({ file, line: record.line, field: validated.field, reason: validated.reason, raw: record.raw });
      }
      if (good.length + bad.length >= BATCH_ROWS) {
        flush();
        request.onProgress?.(summary.rowsRead + fileSummary.rowsRead);
      }
    }
    flush();
    for (const name of mapper.ignored) ignored.add(name);
    summary.files.push(fileSummary);
    summary.rowsRead += fileSummary.rowsRead;
    summary.ingested += fileSummary.ingested;
    summary.duplicates += fileSummary.duplicates;
    summary.quarantined += fileSummary.quarantined;
  }
  summary.ignoredFields = [...ignored].sort();
  return summary;
}
