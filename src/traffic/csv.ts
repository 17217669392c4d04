import { parse, type CsvError } from 'csv-parse';
import { createReadStream } from 'node:fs';
import type { SourceRecord } from './records.js';

interface ParsedRecord {
  record: string[];
  raw: string;
  info: { lines: number };
}

/**
 * Streams a CSV file (header row first) with a real CSV parser: quoted fields with
 * embedded newlines and quotes, BOM and CRLF all work. Each record carries the line it
 * starts on. Ragged rows and malformed quoting become unreadable records, never a crash.
 */
export async function* readCsv(file: string): AsyncGenerator<SourceRecord> {
  const skipped: SourceRecord[] = [];
  const parser = createReadStream(file).pipe(
    parse({
      bom: true,
      raw: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (error: CsvError | undefined, raw: string | undefined) => {
        const text = raw ?? '';
        const endLine = typeof error?.lines === 'number' ? error.lines : 0;
        skipped.push({
          kind: 'unreadable',
          file,
          line: startLine(endLine, text),
          raw: text,
          field: 'row',
          reason: `malformed CSV: ${error?.message.split(':')[0] ?? 'unparseable record'}${
            error?.code === 'CSV_QUOTE_NOT_CLOSED' ? ' (everything after this quote up to the end of the file is unreadable)' : ''
          }`,
        });
        return undefined;
      },
    }),
  );
  let header: string[] | undefined;
  for await (const parsed of parser as AsyncIterable<ParsedRecord>) {
    yield* skipped.splice(0);
    const line = startLine(parsed.info.lines, parsed.raw);
    if (!header) {
      header = parsed.record.map((name) => name.trim());
      continue;
    }
    yield toRecord(file, line, header, parsed);
  }
  yield* skipped.splice(0);
}

function toRecord(file: string, line: number, header: string[], parsed: ParsedRecord): SourceRecord {
  const raw = parsed.raw.replace(/^[\r\n]+/, '').replace(/\r?\n$/, '');
  if (parsed.record.length !== header.length) {
    return {
      kind: 'unreadable',
      file,
      line,
      raw,
      field: 'row',
      reason: `ragged CSV row: expected ${header.length} fields (as in the header), found ${parsed.record.length}`,
    };
  }
  const columns: Record<string, string> = {};
  for (const [index, name] of header.entries()) {
    const value = parsed.record[index] ?? '';
    // The reader decodes with replacement, so U+FFFD is where the file held bytes that are not UTF-8.
    if (value.includes('\uFFFD')) {
      return {
        kind: 'unreadable',
        file,
        line,
        raw,
        field: name,
        reason: 'invalid UTF-8 (replacement character U+FFFD); the row is rejected rather than altered',
      };
    }
    columns[name] = value;
  }
  return { kind: 'csv', file, line, raw, columns };
}

/** csv-parse reports the line a record ends on; the record starts that many newlines earlier. */
function startLine(endLine: number, raw: string): number {
  const body = raw.replace(/^[\r\n]+/, '').replace(/\r?\n$/, '');
  let newlines = 0;
  for (const char of body) if (char === '\n') newlines += 1;
  return Math.max(1, endLine - newlines);
}
