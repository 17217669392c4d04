import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TRAFFIC_PATH, generateDemoTraffic, writeDemoTraffic } from '../../datasets/demo/generate.js';
import { SampleInputSchema, type SampleInput } from '../../src/domain/sample.js';
import { makeTempDir, runCli } from '../helpers/cli.js';

const TAGS = ['greeting', 'account_lookup', 'billing_question', 'technical_debug', 'complex_analysis'];

function committedRows(): SampleInput[] {
  return readFileSync(DEMO_TRAFFIC_PATH, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => SampleInputSchema.parse(JSON.parse(line)));
}

function passRate(rows: readonly SampleInput[], lane: 'cheap' | 'strong'): number {
  return rows.filter((r) => r.labels?.[lane] === true).length / rows.length;
}

const isHarmed = (r: SampleInput) => r.tag === 'billing_question' && r.segments?.locale === 'es-MX';

describe('demo traffic generator', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeAll(() => {
    temp = makeTempDir();
  });
  afterAll(() => temp.cleanup());

  it('regenerates the committed traffic.jsonl byte for byte', () => {
    const out = join(temp.dir, 'traffic.jsonl');
    const written = writeDemoTraffic(out);
    expect(written).toBe(generateDemoTraffic().length);
    expect(readFileSync(out).equals(readFileSync(DEMO_TRAFFIC_PATH))).toBe(true);
    expect(statSync(DEMO_TRAFFIC_PATH).size).toBeLessThan(1_500_000);
  });

  it('ingests every row through the CLI with nothing quarantined', async () => {
    const rows = committedRows().length;
    const result = await runCli(['ingest', 'datasets/demo/traffic.jsonl', '--db', join(temp.dir, 'demo.db'), '--json']);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as { rowsRead: number; ingested: number; duplicates: number; quarantined: number };
    expect(summary).toMatchObject({ rowsRead: rows, ingested: rows, duplicates: 0, quarantined: 0 });
  });

  it('has the promised shape: tags, segments, formats, six weeks of timestamps, stable ids', () => {
    const rows = committedRows();
    expect(rows.length).toBe(1300);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    for (const tag of TAGS) expect(rows.filter((r) => r.tag === tag).length).toBeGreaterThanOrEqual(120);
    expect(rows.filter(isHarmed).length).toBeGreaterThanOrEqual(60);
    const values = (key: string) => new Set(rows.map((r) => r.segments?.[key])).size;
    expect([values('locale'), values('tier'), values('channel')]).toEqual([5, 3, 2]);
    const chat = rows.filter((r) => r.messages !== undefined);
    expect(chat.length).toBeGreaterThan(200);
    expect(chat.every((r) => r.messages![0]!.role === 'system' && r.messages!.filter((m) => m.role === 'user').length === 2)).toBe(true);
    expect(rows.some((r) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(r.prompt ?? ''))).toBe(true);
    const times = rows.map((r) => Date.parse(r.timestamp!)).sort((a, b) => a - b);
    expect((times.at(-1)! - times[0]!) / 86_400_000).toBeGreaterThan(40);
    expect(rows.every((r) => r.responses?.cheap && r.responses.strong)).toBe(true);
  });

  it('holds the planted rates documented in datasets/demo/README.md', () => {
    const rows = committedRows();
    const ofTag = (tag: string) => rows.filter((r) => r.tag === tag && !isHarmed(r));
    const planted: Record<string, number> = {
      greeting: 0.99,
      account_lookup: 0.99,
      billing_question: 0.99,
      technical_debug: 0.75,
      complex_analysis: 0.55,
    };
    for (const tag of TAGS) {
      expect(Math.abs(passRate(ofTag(tag), 'cheap') - planted[tag]!), tag).toBeLessThan(0.02);
      expect(passRate(ofTag(tag), 'strong'), tag).toBeGreaterThanOrEqual(0.94);
    }
    const harmed = rows.filter(isHarmed);
    expect(Math.abs(passRate(harmed, 'cheap') - 0.6)).toBeLessThan(0.02);
    expect(passRate(harmed, 'strong')).toBeGreaterThanOrEqual(0.98);
    const strongOnlyFails = rows.filter((r) => r.labels?.cheap === true && r.labels.strong === false).length / rows.length;
    expect(strongOnlyFails).toBeGreaterThan(0.005);
    expect(strongOnlyFails).toBeLessThan(0.025);
  });

  it('harms no other segment: every locale, tier and channel stays at its tag rate', () => {
    const rows = committedRows().filter((r) => !isHarmed(r));
    for (const key of ['locale', 'tier', 'channel']) {
      for (const value of new Set(rows.map((r) => r.segments![key]))) {
        for (const tag of TAGS) {
          const ofTag = rows.filter((r) => r.tag === tag);
          const cell = ofTag.filter((r) => r.segments![key] === value);
          if (cell.length === 0) continue; // es-MX billing, the planted cell, is left out above
          const gap = Math.abs(passRate(cell, 'cheap') - passRate(ofTag, 'cheap'));
          expect(gap, `${key}=${value} on ${tag}`).toBeLessThan(0.06);
        }
      }
    }
  });
});
