import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IngestOptionsSchema } from '../../src/config/schema.js';
import { InputError } from '../../src/domain/errors.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { openStore, type Db } from '../../src/store/db.js';
import { getDataset, listDatasets } from '../../src/store/datasets.js';
import { listQuarantine } from '../../src/store/quarantine.js';
import { readSamples } from '../../src/store/samples.js';
import { makeTempDir } from '../helpers/cli.js';

let dir: string;
let cleanup: () => void;
let db: Db;

beforeEach(() => {
  ({ dir, cleanup } = makeTempDir());
  db = openStore(join(dir, 'store.db'));
});
afterEach(() => {
  db.close();
  cleanup();
});

function write(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const options = (overrides: Partial<Record<'map' | 'set', Record<string, string>>> & { maxPromptChars?: number; format?: 'jsonl' | 'csv' } = {}) =>
  IngestOptionsSchema.parse(overrides);

const good = (n: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id: `s${n}`, prompt: `question number ${n}`, segments: { locale: 'en-US' }, tag: 'faq', ...extra });

describe('ingest of JSONL', () => {
  it('stores every good row and quarantines every bad one with its line, field and reason', async () => {
    const lines = [
      good(1),
      '{"prompt": "unterminated',
      good(2, { timestamp: '2024-05-01T10:00:00+02:00' }),
      '{"prompt": ""}',
      '{"id": "x1", "prompt": "tier as number", "segments": {"tier": 3}}',
      '[1, 2, 3]',
      '{"segment": {"locale": "en"}, "prompt": "typo in field name"}',
      '{"tag": "faq"}',
      '{"prompt": "a", "messages": [{"role": "user", "content": "b"}]}',
      '{"messages": [{"role": "assistant", "content": "only an answer"}]}',
      '{"messages": [{"role": "robot", "content": "hi"}]}',
      '{"prompt": "when", "timestamp": "last tuesday"}',
      '{"prompt": "labels", "labels": {"cheap": "yes"}}',
      '',
      good(3),
      `{"prompt": "${'x'.repeat(60)}"}`,
    ];
    const file = write('mixed.jsonl', lines.join('\n'));
    const summary = await ingest(db, { files: [file], options: options({ maxPromptChars: 50 }) });

    expect(summary).toMatchObject({ dataset: 'mixed', rowsRead: 15, ingested: 3, duplicates: 0, quarantined: 12 });
    const quarantined = listQuarantine(db, getDataset(db, 'mixed').id).map((q) => [q.line, q.field, q.reason]);
    expect(quarantined).toEqual([
      [2, 'row', expect.stringMatching(/^invalid JSON/)],
      [4, 'prompt', 'empty prompt'],
      [5, 'segments.tier', expect.stringMatching(/expected string, received number/)],
      [6, 'row', 'expected a JSON object, found an array'],
      [7, 'segment', expect.stringMatching(/not a canonical field/)],
      [8, 'prompt', expect.stringMatching(/^missing/)],
      [9, 'prompt', expect.stringMatching(/both prompt and messages/)],
      [10, 'messages', 'no non-empty user turn'],
      [11, 'messages.0.role', expect.stringMatching(/expected one of/)],
      [12, 'timestamp', 'expected an ISO 8601 date-time, found "last tuesday"'],
      [13, 'labels.cheap', expect.stringMatching(/expected/)],
      [16, 'prompt', '60 characters, over the limit of 50 (--max-prompt-chars); not truncated'],
    ]);
    const samples = readSamples(db, getDataset(db, 'mixed').id);
    expect(samples.map((s) => s.id)).toEqual(['s1', 's2', 's3']);
    expect(samples[1]!.timestamp).toBe('2024-05-01T08:00:00.000Z');
  });

  it('re-ingesting the same rows is a no-op counted as duplicates, and a reused id with other content is quarantined', async () => {
    const file = write('traffic.jsonl', [good(1), good(2)].join('\n'));
    await ingest(db, { files: [file], options: options() });
    const again = await ingest(db, { files: [file], options: options() });
    expect(again).toMatchObject({ ingested: 0, duplicates: 2, quarantined: 0 });

    const conflicting = write('more.jsonl', [good(3), JSON.stringify({ id: 's1', prompt: 'something else' })].join('\n'));
    const summary = await ingest(db, { files: [conflicting], dataset: 'traffic', options: options() });
    expect(summary).toMatchObject({ ingested: 1, duplicates: 0, quarantined: 1 });
    expect(summary.errors[0]).toMatchObject({ line: 2, field: 'id', reason: 'duplicate id "s1" with different content' });
    expect(readSamples(db, getDataset(db, 'traffic').id)).toHaveLength(3);
  });

  it('gives rows without an id a content-hash id, so identical rows collapse and distinct ones do not', async () => {
    const row = JSON.stringify({ prompt: 'same text' });
    const file = write('noid.jsonl', [row, row, JSON.stringify({ prompt: 'other text' })].join('\n'));
    const summary = await ingest(db, { files: [file], options: options() });
    expect(summary).toMatchObject({ ingested: 2, duplicates: 1 });
    const ids = readSamples(db, getDataset(db, 'noid').id).map((s) => s.id);
    expect(ids[0]).toMatch(/^[0-9a-f]{16}$/);
    expect(new Set(ids).size).toBe(2);
  });

  it('reads a BOM and CRLF line endings, and rejects invalid UTF-8 instead of altering it', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(`${good(1)}\r\n`),
      Buffer.from('{"prompt": "bad '),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}\r\n'),
      Buffer.from(`${JSON.stringify({ prompt: 'こんにちは、請求書について質問があります' })}\r\n`),
    ]);
    const summary = await ingest(db, { files: [write('bom.jsonl', bytes)], options: options() });
    expect(summary).toMatchObject({ ingested: 2, quarantined: 1 });
    expect(summary.errors[0]).toMatchObject({ line: 2, field: 'row', reason: expect.stringMatching(/invalid UTF-8/) });
    const texts = readSamples(db, getDataset(db, 'bom').id).map((s) => s.prompt);
    expect(texts).toEqual(['question number 1', 'こんにちは、請求書について質問があります']);
  });

  it('maps JSON paths and sets constants, ignoring and reporting unmapped fields', async () => {
    const row = {
      request: { input: 'How do I reset my password?', id: 991 },
      user: { locale: 'de-DE', plan: 'pro' },
      ts: 1714557600,
      outcome: { cheap_ok: 'true', strong_ok: 1 },
      latency: 120,
    };
    const file = write('export.jsonl', JSON.stringify(row));
    const summary = await ingest(db, {
      files: [file],
      options: options({
        map: {
          id: 'request.id',
          prompt: 'request.input',
          'segments.locale': 'user.locale',
          'segments.tier': 'user.plan',
          timestamp: 'ts',
          'labels.cheap': 'outcome.cheap_ok',
          'labels.strong': 'outcome.strong_ok',
        },
        set: { 'segments.channel': 'web', tag: 'account' },
      }),
    });
    expect(summary).toMatchObject({ ingested: 1, quarantined: 0, ignoredFields: ['latency'] });
    const [sample] = readSamples(db, getDataset(db, 'export').id);
    expect(sample).toMatchObject({
      id: '991',
      prompt: 'How do I reset my password?',
      segments: { locale: 'de-DE', tier: 'pro', channel: 'web' },
      tag: 'account',
      timestamp: '2024-05-01T10:00:00.000Z',
      labels: { cheap: true, strong: 1 },
    });
  });

  it('accepts chat messages with a system prompt', async () => {
    const row = {
      id: 'chat-1',
      system: 'You are a support agent.',
      messages: [
        { role: 'user', content: 'My invoice is wrong' },
        { role: 'assistant', content: 'Which invoice?' },
        { role: 'user', content: 'INV-2291 from March' },
      ],
      responses: { cheap: 'Let me check.', strong: 'I have corrected INV-2291.' },
    };
    const summary = await ingest(db, { files: [write('chat.jsonl', JSON.stringify(row))], options: options() });
    expect(summary.ingested).toBe(1);
    const [sample] = readSamples(db, getDataset(db, 'chat').id);
    expect(sample?.messages).toHaveLength(3);
    expect(sample?.responses).toEqual(row.responses);
  });
});

describe('ingest of CSV', () => {
  it('maps columns, parses label booleans, and keeps quoted newlines', async () => {
    const csv = [
      'question,cheap_correct,strong_correct,lang',
      '"What is 2+2?\nA. 3\nB. 4",True,True,en',
      '"Quote ""inside"" text",false,TRUE,fr',
      'Third,0,1,de',
    ].join('\r\n');
    const summary = await ingest(db, {
      files: [write('bench.csv', csv)],
      options: options({
        map: { prompt: 'question', 'labels.cheap': 'cheap_correct', 'labels.strong': 'strong_correct', 'segments.lang': 'lang' },
        set: { 'segments.domain': 'arithmetic' },
      }),
    });
    expect(summary).toMatchObject({ rowsRead: 3, ingested: 3, quarantined: 0 });
    const samples = readSamples(db, getDataset(db, 'bench').id);
    expect(samples.map((s) => [s.prompt, s.labels, s.segments])).toEqual([
      ['What is 2+2?\nA. 3\nB. 4', { cheap: true, strong: true }, { lang: 'en', domain: 'arithmetic' }],
      ['Quote "inside" text', { cheap: false, strong: true }, { lang: 'fr', domain: 'arithmetic' }],
      ['Third', { cheap: false, strong: true }, { lang: 'de', domain: 'arithmetic' }],
    ]);
  });

  it('maps columns named like canonical fields by themselves and quarantines ragged rows with their start line', async () => {
    const csv = [
      'prompt,segments.tier,labels.cheap,notes',
      'first,pro,1,x',
      '"second\nspans lines",free,0',
      'third,enterprise,true,y',
      'fourth,pro,maybe,z',
    ].join('\n');
    const summary = await ingest(db, { files: [write('auto.csv', csv)], options: options() });
    expect(summary).toMatchObject({ rowsRead: 4, ingested: 2, quarantined: 2, ignoredFields: ['notes'] });
    expect(summary.errors).toEqual([
      { file: expect.any(String), line: 3, field: 'row', reason: 'ragged CSV row: expected 4 fields (as in the header), found 3' },
      { file: expect.any(String), line: 6, field: 'labels.cheap', reason: 'expected a boolean (true/false/1/0) or a number, found "maybe"' },
    ]);
  });

  it('reports malformed quoting with a line number instead of crashing', async () => {
    const csv = ['prompt,tag', 'ok one,a', '"broken"x,b', 'ok two,c'].join('\n');
    const summary = await ingest(db, { files: [write('quotes.csv', csv)], options: options() });
    expect(summary.ingested).toBeGreaterThanOrEqual(1);
    expect(summary.errors[0]).toMatchObject({ line: 3, field: 'row', reason: expect.stringMatching(/malformed CSV/) });
    expect(summary.rowsRead).toBe(summary.ingested + summary.quarantined + summary.duplicates);
  });

  it('rejects cells that are not valid UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from('prompt,tag\nfine,a\nbad'), Buffer.from([0xc3, 0x28]), Buffer.from(',b\n')]);
    const summary = await ingest(db, { files: [write('latin1.csv', bytes)], options: options() });
    expect(summary).toMatchObject({ ingested: 1, quarantined: 1 });
    expect(summary.errors[0]).toMatchObject({ line: 3, field: 'prompt', reason: expect.stringMatching(/invalid UTF-8/) });
  });

  it('names the file and the missing column when --map points at no column, leaving no empty dataset behind', async () => {
    const file = write('cols.csv', 'prompt,tag\nhello,a\n');
    await expect(ingest(db, { files: [file], options: options({ map: { 'segments.locale': 'lang' } }) })).rejects.toThrow(
      /cols\.csv: --map segments\.locale=lang: no column "lang"/,
    );
    expect(listDatasets(db)).toEqual([]);
  });
});

describe('ingest errors that stop before reading', () => {
  it('refuses a missing file, a directory, an unknown extension and a bad target, naming each', async () => {
    await expect(ingest(db, { files: [join(dir, 'nope.jsonl')], options: options() })).rejects.toThrow(/nope\.jsonl: no such file/);
    await expect(ingest(db, { files: [dir], options: options() })).rejects.toThrow(/is a directory/);
    await expect(ingest(db, { files: [write('data.txt', 'x')], options: options() })).rejects.toThrow(/unknown format "\.txt"/);
    await expect(
      ingest(db, { files: [write('ok.jsonl', good(1))], options: options({ map: { 'segment.locale': 'x' } }) }),
    ).rejects.toBeInstanceOf(InputError);
  });
});
