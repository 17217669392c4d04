import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fixtures/fakeUpstream.js';
import { makeTempDir, projectRoot, runCli } from '../helpers/cli.js';

/**
 * The nightly job on the demo traffic, end to end through the built CLI: lanes on the
 * fake upstream, a replay repeated (zero provider calls the second time), drift of a
 * shifted copy against the exported table (trips) and of a resample (does not), and a
 * gate that trips with exit 1 and a summary naming it.
 */
const demoRows = readFileSync(join(projectRoot, 'datasets/demo/traffic.jsonl'), 'utf8').trim().split('\n');
const rows = demoRows.filter((_, i) => i % 4 === 0); // 325 rows: every tag, locale and week

describe('nightly CI on the demo traffic', () => {
  let upstream: FakeUpstream;
  let temp: ReturnType<typeof makeTempDir>;
  let configPath: string;
  let firstRunTable: string;

  const writeConfig = (name: string, gates: Record<string, number>): string => {
    const lane = (model: string) => ({ provider: 'openai', model, baseURL: upstream.openaiBaseURL, concurrency: 8, maxOutputTokens: 64 });
    const path = join(temp.dir, name);
    writeFileSync(
      path,
      JSON.stringify({
        dataset: 'nightly',
        db: 'store.db',
        traffic: { files: ['traffic.jsonl'] },
        lanes: { cheap: lane('gpt-4o-mini'), strong: lane('gpt-4o') },
        clustering: { k: 5 },
        judge: { type: 'labels' },
        routing: { minSamples: 10 },
        gates,
      }),
    );
    return path;
  };
  const replay = (config: string, ...extra: string[]) =>
    runCli(['replay', '-c', config, '--new-run', '--ci', ...extra], { env: { OPENAI_API_KEY: 'sk-test-nightly-0000000000' }, timeoutMs: 120_000 });

  beforeAll(async () => {
    upstream = await startFakeUpstream();
    temp = makeTempDir();
    writeFileSync(join(temp.dir, 'traffic.jsonl'), `${rows.join('\n')}\n`);
    configPath = writeConfig('router-eval.config.json', { maxRegressionRate: 0.2 });
  });
  afterAll(async () => {
    temp.cleanup();
    await upstream.close();
  });

  it('pays for every call the first night and for none the second, and the summary says so', async () => {
    const first = await replay(configPath, '--summary', join(temp.dir, 'first.json'));
    expect(first.code, first.stderr).toBe(0);
    const firstSummary = JSON.parse(readFileSync(join(temp.dir, 'first.json'), 'utf8'));
    expect(firstSummary.status).toBe('passed');
    // A few demo greetings repeat word for word: identical requests are made once and shared.
    expect(firstSummary.calls.new).toBe(upstream.callsByKind.chat);
    expect(firstSummary.calls.new + firstSummary.calls.reused).toBe(rows.length * 2);
    expect(firstSummary.calls.reused).toBeLessThan(10);
    firstRunTable = join(temp.dir, firstSummary.runId, 'routing-table.json');

    upstream.reset();
    const second = await replay(configPath, '--summary', join(temp.dir, 'second.json'));
    expect(second.code, second.stderr).toBe(0);
    expect(upstream.calls).toBe(0);
    const secondSummary = JSON.parse(readFileSync(join(temp.dir, 'second.json'), 'utf8'));
    expect(secondSummary.runId).not.toBe(firstSummary.runId);
    expect(secondSummary.calls).toMatchObject({ new: 0, reused: rows.length * 2, spentUsd: 0 });
    // Saved = what every reused answer cost when first made (the shared duplicates included).
    expect(secondSummary.calls.savedUsd).toBeGreaterThanOrEqual(firstSummary.calls.spentUsd);
    expect(secondSummary.calls.savedUsd).toBeLessThan(firstSummary.calls.spentUsd * 1.02);
    expect(second.stdout).toMatch(/calls: 0 new/);
  });

  it('drift: a shifted copy of the traffic trips, a resample does not', async () => {
    const shifted = join(temp.dir, 'shifted.jsonl');
    writeFileSync(shifted, `${demoRows.filter((row) => /"tag":"(technical_debug|complex_analysis)"/.test(row)).join('\n')}\n`);
    const resample = join(temp.dir, 'resample.jsonl');
    writeFileSync(resample, `${demoRows.filter((_, i) => i % 4 === 2).join('\n')}\n`);

    const tripped = await runCli(['drift', '--table', firstRunTable, '--traffic', shifted, '--db', join(temp.dir, 'store.db')]);
    expect(tripped.code, tripped.stderr).toBe(1);
    expect(tripped.stdout + tripped.stderr).toMatch(/psi/i);
    const quiet = await runCli(['drift', '--table', firstRunTable, '--traffic', resample, '--db', join(temp.dir, 'store.db')]);
    expect(quiet.code, quiet.stdout + quiet.stderr).toBe(0);
  });

  it('a tripped gate exits 1 and names the gate, its figure, its limit and what to look at', async () => {
    const strict = writeConfig('strict.config.json', { minDiversionRate: 0.95 });
    const result = await replay(strict, '--summary', join(temp.dir, 'strict.json'), '--junit', join(temp.dir, 'strict.xml'));
    expect(result.code).toBe(1);
    const summary = JSON.parse(readFileSync(join(temp.dir, 'strict.json'), 'utf8'));
    expect(summary.status).toBe('gate_tripped');
    const gate = summary.gates.find((g: { gate: string }) => g.gate === 'minDiversionRate');
    expect(gate).toMatchObject({ tripped: true, limit: 0.95 });
    expect(gate.figure).toBeLessThan(0.95);
    expect(gate.evidence).toMatch(/cluster/);
    expect(result.stderr).toMatch(/minDiversionRate/);
    expect(readFileSync(join(temp.dir, 'strict.xml'), 'utf8')).toMatch(/<failure[^>]*minDiversionRate|minDiversionRate[\s\S]*<failure/);
    expect(upstream.calls).toBe(0);
  });
});
