import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listCalls } from '../../src/store/calls.js';
import { openStore } from '../../src/store/db.js';
import { listRuns } from '../../src/store/runs.js';
import { makeTempDir, runCli } from '../helpers/cli.js';
import { FAKE_KEY, promptOf, spawnCli, storeBytes, until, writeConfig, writeTraffic } from './setup.js';
import { useFakeUpstream } from '../fixtures/useFakeUpstream.js';

const upstream = useFakeUpstream();

const N = 40;
const env = { OPENAI_API_KEY: FAKE_KEY };
let temp: { dir: string; cleanup: () => void };
let config: string;
let dbPath: string;

beforeEach(() => {
  upstream().setHandler(undefined);
  upstream().setLatency(0);
  upstream().reset();
  temp = makeTempDir();
  writeTraffic(temp.dir, N);
  config = writeConfig(temp.dir, upstream().openaiBaseURL);
  dbPath = join(temp.dir, 'store.db');
});
afterEach(() => temp.cleanup());

function readStore<T>(read: (db: ReturnType<typeof openStore>) => T): T {
  const db = openStore(dbPath);
  try {
    return read(db);
  } finally {
    db.close();
  }
}

const sampleOfPrompt = new Map(Array.from({ length: N }, (_, i) => [promptOf(i), `s${String(i).padStart(3, '0')}`]));
const laneOfModel: Record<string, string> = { 'gpt-4o-mini': 'cheap', 'gpt-4o': 'strong' };

describe('replay through the built CLI against the fake upstream', () => {
  it('killed with SIGKILL halfway, resumes without repeating any completed call and ends with one result per (sample, lane)', async () => {
    upstream().setLatency(25);
    const first = spawnCli(['replay', '-c', config, '--ci'], env);
    await until(() => upstream().calls >= 30);
    first.child.kill('SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');

    const completed = readStore((db) => new Set(listCalls(db, listRuns(db)[0]!.id).filter((c) => c.status === 'ok').map((c) => `${c.sampleId}|${c.lane}`)));
    expect(completed.size).toBeGreaterThan(10);
    expect(completed.size).toBeLessThan(2 * N);
    upstream().reset();

    const second = await runCli(['replay', '-c', config, '--ci'], { env });
    expect(second.stderr).toMatch(/resuming run r-\d{8}-\d{6}-[0-9a-f]{4}/);
    expect(second.code).toBe(0);
    const repeated = upstream().requests.filter((r) => completed.has(`${sampleOfPrompt.get(r.lastUserText)}|${laneOfModel[r.model]}`));
    expect(repeated).toEqual([]);
    expect(upstream().calls).toBe(2 * N - completed.size);

    readStore((db) => {
      const runs = listRuns(db);
      expect(runs).toHaveLength(1);
      expect(runs[0]!.status).toBe('complete');
      const calls = listCalls(db, runs[0]!.id);
      expect(calls).toHaveLength(2 * N);
      expect(new Set(calls.map((c) => `${c.sampleId}|${c.lane}`)).size).toBe(2 * N);
      expect(calls.every((c) => c.status === 'ok')).toBe(true);
    });
    // The key was sent upstream() but is nowhere in the store.
    expect(upstream().requests[0]!.headers.authorization).toContain(FAKE_KEY);
    expect(storeBytes(dbPath)).not.toContain(FAKE_KEY);
  });

  it('on SIGINT stops scheduling, saves, prints the resume command and exits 130', async () => {
    upstream().setLatency(30);
    const run = spawnCli(['replay', '-c', config, '--ci'], env);
    await until(() => upstream().calls >= 6);
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/Resume with: router-eval replay --resume r-\S+ -c /);
    readStore((db) => {
      const [latest] = listRuns(db);
      expect(latest!.status).toBe('interrupted');
      expect(listCalls(db, latest!.id).length).toBeLessThan(2 * N);
    });
  });

  it('never exceeds --max-cost: stops scheduling, marks the run incomplete and exits 3', async () => {
    writeConfig(temp.dir, upstream().openaiBaseURL, { laneOverrides: { pricing: { inputPerMTok: 1000, outputPerMTok: 1000 } } });
    const maxCost = 0.5;
    const result = await runCli(['replay', '-c', config, '--max-cost', String(maxCost), '--json'], { env });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/budget of \$0\.5 reached.*Continue with: router-eval replay --resume r-/s);
    readStore((db) => {
      const [run] = listRuns(db);
      expect(run!.status).toBe('incomplete');
      const spent = listCalls(db, run!.id).reduce((sum, c) => sum + (c.costUsd ?? 0), 0);
      expect(spent).toBeGreaterThan(0);
      expect(spent).toBeLessThanOrEqual(maxCost);
      expect(upstream().calls).toBe(listCalls(db, run!.id).length);
    });
  });

  it('--dry-run prints per-lane calls, token estimates and cost without calling anything or creating a run', async () => {
    const result = await runCli(['replay', '-c', config, '--dry-run', '--json'], { env });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { kind: string; samples: number; estimates: { lane: string; calls: number; inputTokens: number; outputTokens: number; costUsd: number }[] };
    expect(report.kind).toBe('dry-run');
    const expectedInput = Array.from({ length: N }, (_, i) => 4 + Math.ceil(promptOf(i).length / 4)).reduce((a, b) => a + b, 0);
    expect(report.estimates.map((e) => [e.lane, e.calls, e.inputTokens, e.outputTokens])).toEqual([
      ['cheap', N, expectedInput, 20 * N],
      ['strong', N, expectedInput, 20 * N],
    ]);
    // gpt-4o-mini list price: $0.15 / $0.60 per MTok.
    expect(report.estimates[0]!.costUsd).toBeCloseTo((expectedInput * 0.15 + 20 * N * 0.6) / 1e6, 10);
    expect(upstream().calls).toBe(0);
    expect(readStore((db) => listRuns(db))).toEqual([]);
  });

  it('serves identical requests of a later run from the cache, and --no-cache calls again', async () => {
    expect((await runCli(['replay', '-c', config], { env })).code).toBe(0);
    expect(upstream().calls).toBe(2 * N);
    upstream().reset();

    const cached = await runCli(['replay', '-c', config, '--new-run', '--json'], { env });
    expect(cached.code).toBe(0);
    expect(upstream().calls).toBe(0);
    const summary = JSON.parse(cached.stdout) as { lanes: { lane: string; reused: number; spendUsd: number }[] };
    expect(summary.lanes.map((l) => [l.lane, l.reused, l.spendUsd])).toEqual([
      ['cheap', N, 0],
      ['strong', N, 0],
    ]);

    expect((await runCli(['replay', '-c', config, '--new-run', '--no-cache'], { env })).code).toBe(0);
    expect(upstream().calls).toBe(2 * N);
  });

  it('a lane failing on some samples does not stop the run, but over replay.maxErrorRate it is incomplete (exit 3) until --retry-errors re-attempts only those; no key in any message', async () => {
    const failing = new Set([promptOf(3), promptOf(7)]);
    upstream().setHandler((req) =>
      failing.has(req.lastUserText) && req.model === 'gpt-4o-mini'
        ? { kind: 'status', status: 400, message: `bad request (key ${FAKE_KEY})` }
        : { kind: 'ok' },
    );
    const first = await runCli(['replay', '-c', config, '--json'], { env });
    expect(first.code).toBe(3);
    expect(first.stderr).toMatch(/lane cheap: 2 of \d+ calls failed \(over replay\.maxErrorRate 0\.02\); re-attempt them with --retry-errors/);
    expect(first.stderr).not.toContain(FAKE_KEY);
    const summary = JSON.parse(first.stdout) as { runId: string; status: string; lanes: { lane: string; ok: number; errors: Record<string, number> }[] };
    expect(summary.status).toBe('incomplete');
    expect(summary.lanes.map((l) => [l.lane, l.ok, l.errors])).toEqual([
      ['cheap', N - 2, { invalid_request: 2 }],
      ['strong', N, {}],
    ]);
    expect(storeBytes(dbPath)).not.toContain(FAKE_KEY);

    upstream().setHandler(undefined);
    upstream().reset();
    const retried = await runCli(['replay', '-c', config, '--resume', summary.runId, '--retry-errors'], { env });
    expect(retried.code).toBe(0);
    expect(upstream().requests.map((r) => r.lastUserText).sort()).toEqual([...failing].sort());
    readStore((db) => expect(listCalls(db, summary.runId).every((c) => c.status === 'ok')).toBe(true));
  });

  it('a missing API key is a one-line error before any run is created (nothing embedded, clustered or called)', async () => {
    // No baseURL: the hosted endpoint, which needs a key; the check fails before anything could be sent.
    writeConfig(temp.dir, upstream().openaiBaseURL, {
      lanes: { cheap: { provider: 'openai', model: 'gpt-4o-mini' }, strong: { provider: 'anthropic', model: 'claude-sonnet-4-6', apiKeyEnv: 'STRONG_KEY' } },
    });
    const result = await runCli(['replay', '-c', config], { env: {} });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/router-eval: lane "cheap": environment variable OPENAI_API_KEY is not set/);
    readStore((db) => expect(listRuns(db)).toEqual([]));
    expect(upstream().calls).toBe(0);
  });

  it('recorded lanes answer from the traffic; a missing answer is a per-sample error', async () => {
    writeTraffic(temp.dir, 12, (i): Record<string, string> => (i === 5 ? { strong: 'only strong' } : { cheap: `cheap ${i}`, strong: `strong ${i}` }));
    writeConfig(temp.dir, upstream().openaiBaseURL, {
      lanes: { cheap: { provider: 'recorded', model: 'gpt-4o-mini' }, strong: { provider: 'recorded', model: 'gpt-4o' } },
    });
    const result = await runCli(['replay', '-c', config, '--json'], { env: {} });
    expect(result.code).toBe(3);
    const summary = JSON.parse(result.stdout) as { runId: string; lanes: { lane: string; ok: number; errors: Record<string, number>; spendEstimated: boolean }[] };
    expect(summary.lanes.map((l) => [l.lane, l.ok, l.errors, l.spendEstimated])).toEqual([
      ['cheap', 11, { invalid_request: 1 }, true],
      ['strong', 12, {}, true],
    ]);
    readStore((db) => {
      const missing = listCalls(db, summary.runId, 'cheap').find((c) => c.status !== 'ok');
      expect(missing?.errorMessage).toMatch(/sample "s005" has no recorded answer for lane "cheap"/);
      expect(listCalls(db, summary.runId, 'strong').every((c) => c.estimated)).toBe(true);
    });
    expect(upstream().calls).toBe(0);
  });
});
