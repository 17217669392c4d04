import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRoutingTable } from '../../src/artifact/runtime.js';
import { exportRoutingTable } from '../../src/pipeline/export.js';
import { openStore, type Db } from '../../src/store/db.js';
import { latestRoutingTable } from '../../src/store/routingTables.js';
import { createRun } from '../../src/store/runs.js';
import { readSamples } from '../../src/store/samples.js';
import { makeTempDir, runCli } from '../helpers/cli.js';
import { analysedRun, type AnalysedRun } from './fixture.js';

describe('exportRoutingTable and the export / route commands', () => {
  const temp = makeTempDir();
  const dbPath = join(temp.dir, 'store.db');
  let db: Db;
  let fixture: AnalysedRun;

  beforeAll(async () => {
    db = openStore(dbPath);
    fixture = await analysedRun(db, temp.dir, 600);
  });
  afterAll(() => {
    db.close();
    temp.cleanup();
  });

  it('exports the latest complete run: stored in SQLite and written to the file, identical', () => {
    const out = join(temp.dir, 'tables', 'table.json');
    const summary = exportRoutingTable(db, { out, now: new Date('2025-04-02T00:00:00Z') });
    expect(summary).toMatchObject({ runId: fixture.runId, dataset: 'gen', out, clusters: 5, overrides: fixture.analysis.decisions.overrides.length });
    expect(summary.divertedClusters).toBe(fixture.analysis.decisions.clusters.filter((c) => c.lane === 'cheap').length);
    const fromFile = loadRoutingTable(out);
    const stored = latestRoutingTable(db, fixture.runId)!;
    expect(stored).toMatchObject({ id: summary.tableId, runId: fixture.runId });
    expect(stored.table).toEqual(fromFile);
    expect(fromFile).toMatchObject({ checksum: summary.checksum, createdAt: '2025-04-02T00:00:00.000Z', judgeSpecHash: null });
    expect(fromFile.source).toMatchObject({ runId: fixture.runId, clusteringId: fixture.clustering.id });
    expect(fromFile.policy).toMatchObject({ passThreshold: 0.7, minSamples: 20 });
    expect(Object.keys(fromFile.policy)).not.toContain('fallbackConfidence');
  });

  it('refuses a run that was not analysed, naming what to do', () => {
    const run = createRun(db, { datasetId: fixture.datasetId, config: {}, configHash: 'not-analysed' });
    expect(() => exportRoutingTable(db, { runId: run.id, out: join(temp.dir, 'x.json') })).toThrow(
      `run ${run.id} has no analysis; analyse it first (router-eval analyse --run ${run.id})`,
    );
    expect(() => exportRoutingTable(db, { runId: 'r-nope', out: join(temp.dir, 'x.json') })).toThrow(/run "r-nope" not found/);
  });

  it('CLI: export writes the table; route prints one JSON decision per prompt', async () => {
    const table = join(temp.dir, 'cli-table.json');
    const exported = await runCli(['export', '--db', dbPath, '--run', fixture.runId, '--out', table], { cwd: temp.dir });
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(new RegExp(`^routing table of run ${fixture.runId} \\(dataset gen\\) written to .*cli-table.json: 5 clusters, \\d+ off the reference lane, \\d+ segment override\\(s\\), sha256:[0-9a-f]{64}\\n$`));
    const json = await runCli(['export', '--db', dbPath, '--out', join(temp.dir, 'again.json'), '--json'], { cwd: temp.dir });
    expect(JSON.parse(json.stdout)).toMatchObject({ runId: fixture.runId, clusters: 5 });

    const loaded = loadRoutingTable(table);
    const override = loaded.overrides[0]!;
    // A stored prompt of the overridden cluster, inside its radius: cheap by default, strong for the segment.
    const index = fixture.judged.findIndex((j) => j.cluster === override.cluster && j.distance <= loaded.clusters[override.cluster]!.radius);
    const prompt = readSamples(db, fixture.datasetId)[index]!.prompt!;
    const plain = await runCli(['route', '--table', table, '--prompt', prompt], { cwd: temp.dir });
    expect(plain.code).toBe(0);
    expect(plain.stdout.trim().split('\n')).toHaveLength(1);
    const decision = JSON.parse(plain.stdout);
    expect(Object.keys(decision)).toEqual(['lane', 'model', 'cluster', 'distance', 'reason']);
    expect(decision).toMatchObject({ lane: 'cheap', model: 'small-model', cluster: override.cluster, reason: 'cluster_decision' });
    const segmented = await runCli(['route', '--table', table, '--prompt', prompt, '--segment', `${override.attribute}=${override.value}`], { cwd: temp.dir });
    expect(JSON.parse(segmented.stdout)).toMatchObject({ lane: 'strong', model: 'big-model', reason: 'segment_override' });

    const traffic = await runCli(['route', '--table', table, '--traffic', fixture.trafficFile, '--quiet'], { cwd: temp.dir });
    expect(traffic.code).toBe(0);
    const lines = traffic.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(600);
    expect(lines[0]).toMatchObject({ id: 'p0' });
    expect(new Set(lines.map((l) => l.reason))).toEqual(new Set(['cluster_decision', 'segment_override', 'out_of_distribution']));
  });

  it('CLI: route fails with exit 2 and one line on a tampered table or a missing input', async () => {
    const table = join(temp.dir, 'cli-table-2.json');
    exportRoutingTable(db, { out: table });
    const raw = JSON.parse(readFileSync(table, 'utf8'));
    raw.clusters[0].lane = raw.clusters[0].lane === 'cheap' ? 'strong' : 'cheap';
    writeFileSync(table, JSON.stringify(raw));
    const tampered = await runCli(['route', '--table', table, '--prompt', 'hello'], { cwd: temp.dir });
    expect(tampered.code).toBe(2);
    expect(tampered.stderr).toMatch(/^router-eval: .*cli-table-2\.json: checksum mismatch: .*\n$/);
    const neither = await runCli(['route', '--table', table], { cwd: temp.dir });
    expect(neither.code).toBe(2);
    expect(neither.stderr).toBe('router-eval: route: give either --traffic FILE or --prompt TEXT\n');
    const badSegment = await runCli(['route', '--table', table, '--prompt', 'x', '--segment', 'locale'], { cwd: temp.dir });
    expect(badSegment.stderr).toMatch(/--segment locale: expected key=value/);
  });
});
