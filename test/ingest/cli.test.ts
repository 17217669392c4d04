import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, runCli } from '../helpers/cli.js';

let dir: string;
let cleanup: () => void;
let traffic: string;

beforeAll(() => {
  ({ dir, cleanup } = makeTempDir());
  traffic = join(dir, 'traffic.jsonl');
  writeFileSync(
    traffic,
    [
      JSON.stringify({ id: 'a', prompt: 'reset my password', tag: 'account' }),
      'not json at all',
      JSON.stringify({ id: 'b', prompt: 'refund for order 12', tag: 'billing', segments: { tier: 2 } }),
      JSON.stringify({ id: 'c', prompt: 'why is my bill higher', tag: 'billing' }),
    ].join('\n'),
  );
});
afterAll(() => cleanup());

describe('router-eval ingest (built CLI)', () => {
  it('ingests good rows, prints file:line: field: reason for bad ones, and exits 0', async () => {
    const result = await runCli(['ingest', traffic, '--db', join(dir, 'a.db')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('dataset traffic: 4 rows read, 2 ingested, 0 duplicates, 2 quarantined');
    expect(result.stdout).toContain(`${traffic}:2: row: invalid JSON`);
    expect(result.stdout).toContain(`${traffic}:3: segments.tier: Invalid input: expected string, received number`);
  });

  it('prints one JSON summary on stdout with --json, and exits 2 with --strict while keeping the good rows', async () => {
    const db = join(dir, 'b.db');
    const result = await runCli(['ingest', traffic, '--db', db, '--json', '--strict', '--dataset', 'support']);
    expect(result.code).toBe(2);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ dataset: 'support', rowsRead: 4, ingested: 2, duplicates: 0, quarantined: 2 });
    expect(summary.errors).toEqual([
      { file: traffic, line: 2, field: 'row', reason: expect.stringMatching(/^invalid JSON/) },
      { file: traffic, line: 3, field: 'segments.tier', reason: expect.any(String) },
    ]);
    expect(result.stderr).toMatch(/--strict: 2 row\(s\) quarantined/);

    const again = await runCli(['ingest', traffic, '--db', db, '--json', '--dataset', 'support']);
    expect(JSON.parse(again.stdout)).toMatchObject({ ingested: 0, duplicates: 2, quarantined: 2 });

    const listed = await runCli(['ingest', '--show-quarantine', '--dataset', 'support', '--db', db, '--json']);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).map((row: { line: number }) => row.line)).toEqual([2, 3]);
  });

  it('turns user mistakes into one-line errors with exit 2 and no stack trace', async () => {
    const db = join(dir, 'c.db');
    const cases: [string[], RegExp][] = [
      [['ingest', join(dir, 'missing.jsonl'), '--db', db], /missing\.jsonl: no such file/],
      [['ingest', dir, '--db', db], /is a directory/],
      [['ingest', traffic, '--db', db, '--map', 'nonsense'], /--map nonsense: expected target=value/],
      [['ingest', traffic, '--db', db, '--map', 'segment.x=y'], /unknown target "segment\.x"/],
      [['ingest', traffic, '--db', db, '--format', 'xml'], /argument 'xml' is invalid/],
      [['ingest', traffic, '--db', db, '--config', join(dir, 'none.json')], /none\.json: cannot read the config file/],
      [['ingest', '--show-quarantine', '--dataset', 'ghost', '--db', db], /dataset "ghost" not found/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('lists the commands with descriptions and examples in --help', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/ingest \[options\] \[files\.\.\.\]\s+read JSONL\/CSV traffic/);
    expect(result.stdout).toContain('Examples:');
  });
});
