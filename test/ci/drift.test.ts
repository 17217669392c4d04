import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatesConfigSchema } from '../../src/config/gates.js';
import { IngestOptionsSchema } from '../../src/config/schema.js';
import { driftCheck } from '../../src/pipeline/drift.js';
import { openStore, type Db } from '../../src/store/db.js';
import { makeTempDir, runCli } from '../helpers/cli.js';
import { analysedRunWith, baseVerdicts, exportTable, ingestAndCluster, trafficLines } from './fixture.js';

const DEFAULTS = GatesConfigSchema.parse({});

describe('drift against a routing table', () => {
  const temp = makeTempDir('router-eval-drift-');
  const dbPath = join(temp.dir, 'store.db');
  let db: Db;
  let table: string;
  const resample = join(temp.dir, 'resample.jsonl');
  const shifted = join(temp.dir, 'shifted.jsonl');

  beforeAll(async () => {
    db = openStore(dbPath);
    const ids = await ingestAndCluster(db, temp.dir, 600);
    const runId = analysedRunWith(db, ids, baseVerdicts);
    table = exportTable(db, runId, join(temp.dir, 'table.json'));
    // Same families and locales, new prompts (another seed): nothing changed but the sample.
    writeFileSync(resample, `${trafficLines(400, 97).join('\n')}\n`);
    // Planted shift: travel and legal only, and a third of the prompts now in es-MX.
    const lines = trafficLines(1000, 98, ['travel', 'legal']).map((line, i) => {
      const sample = JSON.parse(line) as { segments: Record<string, string> };
      if (i % 3 === 0) sample.segments.locale = 'es-MX';
      return JSON.stringify(sample);
    });
    writeFileSync(shifted, `${lines.join('\n')}\n`);
    db.close();
  }, 60_000);
  afterAll(() => temp.cleanup());

  const check = (traffic: string) =>
    driftCheck({ table, traffic: [traffic], ingest: IngestOptionsSchema.parse({}), limits: DEFAULTS, dbPath });

  it('raises no alarm on a resample of the same distribution at the default limits', async () => {
    const report = await check(resample);
    expect(report.samples).toBe(400);
    expect(report.tripped).toBe(false);
    expect(report.cluster.psi).toBeLessThan(DEFAULTS.maxDriftPsi / 2);
    expect(report.cluster.outOfDistribution.rate!).toBeLessThan(DEFAULTS.maxOodShare);
    expect(report.gates.map((g) => [g.gate, g.checked, g.tripped])).toEqual([
      ['maxDriftPsi', true, false],
      ['maxOodShare', true, false],
    ]);
    expect(report.actions).toEqual([expect.stringMatching(/^No action/)]);
    // Segment and tag mixes compared against the samples of the table's run.
    expect(report.attributes?.map((a) => a.attribute).sort()).toEqual(['locale', 'tag']);
    expect(report.attributes!.every((a) => a.psi < 0.05)).toBe(true);
  });

  it('trips on a planted shift, names the clusters that moved and says what to do', async () => {
    const report = await check(shifted);
    expect(report.tripped).toBe(true);
    const psiGate = report.gates.find((g) => g.gate === 'maxDriftPsi')!;
    expect(psiGate).toMatchObject({ tripped: true, limit: 0.25 });
    expect(psiGate.figure!).toBeGreaterThan(0.25);
    expect(psiGate.evidence).toMatch(/Largest moves: cluster \d+/);
    // The clusters that grew are the travel and legal ones.
    const grown = report.clusters.filter((c) => c.delta > 0.1);
    expect(grown.length).toBeGreaterThanOrEqual(2);
    expect(grown.flatMap((c) => c.labels).join(' ')).toMatch(/trip|pack|hotel|clause|contract|agreement|lease|summarise|enforceable/i);
    expect(report.actions[0]).toMatch(/^Re-fit/);
    expect(report.actions.join('\n')).toMatch(/locale mix moved .*es-MX/);
    expect(report.attributes!.find((a) => a.attribute === 'tag')!.psi).toBeGreaterThan(0.25);
  });

  it('exits 1 on the shift and 0 on the resample through the built CLI', async () => {
    const shiftedRun = await runCli(['drift', '--table', table, '--traffic', shifted, '--db', dbPath]);
    expect(shiftedRun.code).toBe(1);
    expect(shiftedRun.stdout).toMatch(/\[TRIPPED\] maxDriftPsi/);
    expect(shiftedRun.stdout).toMatch(/what to do:\n {2}- Re-fit/);
    expect(shiftedRun.stderr).toMatch(/drift past the limits: maxDriftPsi/);
    const resampleRun = await runCli(['drift', '--table', table, '--traffic', resample, '--db', dbPath, '--json']);
    expect(resampleRun.code).toBe(0);
    const json = JSON.parse(resampleRun.stdout) as { tripped: boolean; samples: number };
    expect(json).toMatchObject({ tripped: false, samples: 400 });
  });

  it('reads the limits from flags, and a missing table is a usage error (exit 2)', async () => {
    const strict = await runCli(['drift', '--table', table, '--traffic', resample, '--db', dbPath, '--max-psi', '0.0001']);
    expect(strict.code).toBe(1);
    const missing = await runCli(['drift', '--table', join(temp.dir, 'nope.json'), '--traffic', resample]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.json: cannot read the routing table/);
  });
});
