import { createReadStream } from 'node:fs';
import { TextDecoder } from 'node:util';
import type { SourceRecord } from './records.js';

const NEWLINE = 0x0a;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Streams a JSONL file one record per line. Lines are split on bytes and each is
 * decoded strictly, so invalid UTF-8 is reported with its line instead of being
 * silently replaced. Handles a BOM and CRLF; blank lines are skipped.
 */
export async function* readJsonl(file: string): AsyncGenerator<SourceRecord> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pending: Buffer = Buffer.alloc(0);
  let line = 0;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    const buffer = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    let start = 0;
    for (let end = buffer.indexOf(NEWLINE, start); end !== -1; end = buffer.indexOf(NEWLINE, start)) {
      line += 1;
      const record = parseLine(decoder, file, line, buffer.subarray(start, end));
      if (record) yield record;
      start = end + 1;
    }
    pending = buffer.subarray(start);
  }
  if (pending.length) {
    const record = parseLine(decoder, file, line + 1, pending);
    if (record) yield record;
  }
}

function parseLine(decoder: TextDecoder, file: string, line: number, bytes: Buffer): SourceRecord | undefined {
  let body = line === 1 && bytes.subarray(0, 3).equals(UTF8_BOM) ? bytes.subarray(3) : bytes;
  if (body.at(-1) === 0x0d) body = body.subarray(0, -1);
  let text: string;
  try {
    text = decoder.decode(body);
  } catch {
    return { kind: 'unreadable', file, line, raw: body.toString('utf8'), field: 'row', reason: 'invalid UTF-8 bytes; the row is rejected rather than altered' };
  }
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { kind: 'unreadable', file, line, raw: text, field: 'row', reason: `invalid JSON: ${(error as Error).message}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const found = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    return { kind: 'unreadable', file, line, raw: text, field: 'row', reason: `expected a JSON object, found ${found}` };
  }
  return { kind: 'json', file, line, raw: text, value: value as Record<string, unknown> };
}
