import { GATE_NAMES } from '../../src/analysis/gates.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatesConfigSchema } from '../../src/config/gates.js';
import { GateTrippedError } from '../../src/domain/errors.js';
import { applyCiGates } from '../../src/pipeline/ciGates.js';
import { diffRuns, listRunRows } from '../../src/pipeline/runsDiff.js';
import type { CiSummary } from '../../src/report/ciSummary.js';
import { openStore, type Db } from '../../src/store/db.js';
import { makeTempDir, runCli } from '../helpers/cli.js';
import { analysedRunWith, baseVerdicts, exportTable, ingestAndCluster, type VerdictOf } from './fixture.js';
import { clusterDataset } from '../../src/pipeline/cluster.js';
import { ClusteringSchema } from '../../src/config/embedding.js';
import { loadClustering } from '../../src/store/clusterings.js';

/** Run B: travel answers now tie (planted flip of the travel cluster to cheap); ja-JP cooking answers now worse (a new harm flag). */
const plantedVerdicts: VerdictOf = (s, i) => {
  if (s.tag === 'travel') return 'tie';
  if (s.tag === 'cooking' && s.segments.locale === 'ja-JP') return 'cheap_worse';
  return baseVerdicts(s, i);
};

describe('run history, diffs and the CI gate step', () => {
  const temp = makeTempDir('router-eval-history-');
  const dbPath = join(temp.dir, 'store.db');
  let db: Db;
  let runA: string;
  let runB: string;
  let runC: string;
  let runD: string;
  let baselineTable: string;

  beforeAll(async () => {
    db = openStore(dbPath);
    const ids = await ingestAndCluster(db, temp.dir, 600);
    runA = analysedRunWith(db, ids, baseVerdicts);
    baselineTable = exportTable(db, runA, join(temp.dir, 'prod-table.json'));
    runB = analysedRunWith(db, ids, plantedVerdicts, { reused: true });
    // Runs C and D re-cluster the same data (a new clustering each): clusters must be matched by centroid.
    // C with the same settings (the same partition again), D with another seed (a different partition).
    const specHash = loadClustering(db, ids.clusteringId).specHash;
    const again = await clusterDataset(db, { datasetId: ids.datasetId, specHash, clustering: ClusteringSchema.parse({ k: 5, seed: 2 }) });
    runC = analysedRunWith(db, { datasetId: ids.datasetId, clusteringId: again.clusteringId }, baseVerdicts);
    const other = await clusterDataset(db, { datasetId: ids.datasetId, specHash, clustering: ClusteringSchema.parse({ k: 5, seed: 9 }) });
    runD = analysedRunWith(db, { datasetId: ids.datasetId, clusteringId: other.clusteringId }, baseVerdicts);
  }, 60_000);
  afterAll(() => {
    db.close();
    temp.cleanup();
  });

  it('lists runs newest first with samples, spend and headline figures', () => {
    const rows = listRunRows(db);
    expect(rows.map((r) => r.id)).toEqual([runD, runC, runB, runA]);
    const a = rows.find((r) => r.id === runA)!;
    expect(a).toMatchObject({ dataset: 'gen', status: 'complete', samples: 600 });
    expect(a.spentUsd).toBeCloseTo(600 * 0.011, 6);
    // Run B's calls were all reused: nothing paid.
    expect(rows.find((r) => r.id === runB)!.spentUsd).toBe(0);
    expect(a.diversionRate).toBeGreaterThan(0);
  });

  it('diff A B (same clustering): the planted flip, its significant pass-rate change and the new segment flag', () => {
    const d = diffRuns(db, runA, runB);
    expect(d.matching).toMatchObject({ method: 'same_clustering', quality: 'identical' });
    expect(d.flips).toHaveLength(1);
    const flip = d.flips[0]!;
    expect(flip).toMatchObject({ laneBefore: 'strong', laneAfter: 'cheap', similarity: 1 });
    expect(flip.labels.join(' ')).toMatch(/trip|flying|day|pack/);
    const cheap = d.passRates.find((p) => p.lane === 'cheap')!;
    const change = cheap.changes.find((c) => c.a === flip.a)!;
    expect(change.significant).toBe(true);
    expect(change.diff).toBeGreaterThan(0.3);
    expect(cheap.changes[0]).toBe(change);
    expect(d.flags.appeared.map((f) => `${f.kind} ${f.attribute}=${f.value}`)).toContain('harm locale=ja-JP');
    expect(d.spend).toMatchObject({ b: 0 });
    expect(d.spend.change).toBeCloseTo(-6.6, 6);
  });

  it('diff A C (re-clustered): matches clusters by centroid similarity and says how well', () => {
    const d = diffRuns(db, runA, runC);
    expect(d.matching.method).toBe('centroid_similarity');
    expect(d.matching.pairs).toHaveLength(5);
    expect(d.matching.pairs.map((p) => [p.a, p.b])).toEqual([0, 1, 2, 3, 4].map((c) => [c, c]));
    expect(d.matching.minSimilarity!).toBeGreaterThan(0.999);
    expect(d.matching.quality).toBe('good');
    expect(d.flips).toEqual([]);
    expect(d.passRates[0]!.changes.every((c) => !c.significant)).toBe(true);
  });

  it('diff A D (another partition): reports a weak match honestly, naming the weak pairs', () => {
    const d = diffRuns(db, runA, runD);
    const { meanSimilarity, minSimilarity, quality, note } = d.matching;
    expect(d.matching.pairs).toHaveLength(5);
    expect(quality).toBe(meanSimilarity! >= 0.9 && minSimilarity! >= 0.75 ? 'good' : meanSimilarity! >= 0.75 ? 'fair' : 'poor');
    expect(note).toMatch(new RegExp(`mean ${meanSimilarity!.toFixed(3)}, min ${minSimilarity!.toFixed(3)} \\(${quality}\\)`));
    if (minSimilarity! < 0.75) expect(note).toMatch(/weak pairs \(treat their comparisons with care\): \d+->\d+/);
  });

  it('applyCiGates passes a run within its limits and writes the summary and JUnit files', () => {
    const summaryFile = join(temp.dir, 'ok', 'summary.json');
    const junitFile = join(temp.dir, 'ok', 'junit.xml');
    const gates = GatesConfigSchema.parse({ maxRegressionRate: 0.5, minDiversionRate: 0.05 });
    const summary = applyCiGates(db, { runId: runA, config: { gates }, summaryFile, junitFile, baselineTable });
    expect(summary.status).toBe('passed');
    expect(summary.problems).toEqual([]);
    expect(JSON.parse(readFileSync(summaryFile, 'utf8'))).toEqual(summary);
    expect(readFileSync(junitFile, 'utf8').match(/<testcase /g)).toHaveLength(GATE_NAMES.length);
    // Against its own table: nothing drifted, nothing flipped.
    expect(summary.drift!.psi).toBeLessThan(1e-9);
    expect(summary.flips).toMatchObject({ compared: 600, flipped: 0 });
    expect(summary.calls).toMatchObject({ new: 1200, reused: 0, savedUsd: 0 });
  });

  it('applyCiGates trips on the planted flip: exit-1 error after writing files a person can act on; reuse counted exactly', () => {
    const summaryFile = join(temp.dir, 'trip', 'summary.json');
    const junitFile = join(temp.dir, 'trip', 'junit.xml');
    const gates = GatesConfigSchema.parse({ maxDecisionFlipShare: 0.05 });
    let error: unknown;
    const printed: CiSummary[] = [];
    try {
      applyCiGates(db, { runId: runB, config: { gates }, summaryFile, junitFile, baselineTable, onSummary: (s) => printed.push(s) });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GateTrippedError);
    expect((error as GateTrippedError).exitCode).toBe(1);
    expect((error as Error).message).toMatch(/1 gate\(s\) tripped \(details in .*summary\.json\):\n {2}maxDecisionFlipShare: /);
    const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as CiSummary;
    expect(summary.status).toBe('gate_tripped');
    expect(printed).toEqual([summary]);
    const flip = summary.gates.find((g) => g.gate === 'maxDecisionFlipShare')!;
    expect(flip.tripped).toBe(true);
    expect(flip.evidence).toMatch(/requests strong -> cheap/);
    expect(summary.flips!.flipped).toBeGreaterThan(100);
    expect(summary.calls).toMatchObject({ new: 0, reused: 1200, spentUsd: 0 });
    expect(summary.calls.savedUsd).toBeCloseTo(6.6, 6);
    expect(readFileSync(junitFile, 'utf8')).toMatch(/<failure message="[^"]*prod-table\.json/);
  });

  it('an unanalysed run gets an "incomplete" summary with no gate checked, and no gate error', () => {
    const summaryFile = join(temp.dir, 'none', 'summary.json');
    db.prepare("UPDATE runs SET status = 'incomplete' WHERE id = ?").run(runC);
    const summary = applyCiGates(db, { runId: runC, config: { gates: GatesConfigSchema.parse({ maxRegressionRate: 0 }) }, summaryFile });
    expect(summary.status).toBe('incomplete');
    expect(summary.gates.every((g) => !g.checked)).toBe(true);
    expect(existsSync(summaryFile)).toBe(true);
    db.prepare("UPDATE runs SET status = 'complete' WHERE id = ?").run(runC);
  });

  it('runs list / show / diff through the built CLI', async () => {
    const list = await runCli(['runs', 'list', '--db', dbPath]);
    expect(list.code).toBe(0);
    expect(list.stdout.split('\n')[0]).toMatch(/^run +dataset +status +created +samples +spend +diversion +regression +saving/);
    expect(list.stdout).toContain(runA);
    const show = await runCli(['runs', 'show', runB, '--db', dbPath]);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/calls: 0 new \(\$0\.0000\), 1200 reused \(saved \$6\.6000\)/);
    const diff = await runCli(['runs', 'diff', runA, runB, '--db', dbPath]);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toMatch(/decisions: 1 matched cluster\(s\) changed lane/);
    expect(diff.stdout).toMatch(/strong -> cheap/);
    const json = JSON.parse((await runCli(['runs', 'diff', runA, runC, '--db', dbPath, '--json'])).stdout) as { matching: { method: string } };
    expect(json.matching.method).toBe('centroid_similarity');
    const missing = await runCli(['runs', 'show', 'r-nope', '--db', dbPath]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/run "r-nope" not found/);
  });
});
