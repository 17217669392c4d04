import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDataset } from '../../src/store/datasets.js';
import { openStore } from '../../src/store/db.js';
import { createRun, setRunStatus } from '../../src/store/runs.js';
import { runCli } from '../helpers/cli.js';
import type { ReportDocument } from '../../src/report/summary.js';
import { judgedDemoRun, type DemoRun } from './demoRun.js';

// Needs the built CLI: npx tsc -p tsconfig.json && chmod +x dist/cli/main.js
let demo: DemoRun;
beforeAll(async () => {
  demo = await judgedDemoRun();
}, 60_000);
afterAll(() => demo?.cleanup());

describe('router-eval report and analyse', () => {
  it('report --json analyses the latest run on first use and prints the versioned document on stdout', async () => {
    const first = await runCli(['report', '--db', demo.dbPath, '--json']);
    expect(first.stderr).toContain(`run ${demo.runId} has no stored analysis; analysing it now`);
    expect(first.code).toBe(0);
    const doc = JSON.parse(first.stdout) as ReportDocument;
    expect(doc.reportVersion).toBe(1);
    expect(doc.run.id).toBe(demo.runId);
    expect(doc.flags.map((f) => f.segment)).toEqual(['locale=es-MX']);

    const again = await runCli(['report', '--db', demo.dbPath, '--run', demo.runId, '--json', '--quiet']);
    expect(again.code).toBe(0);
    expect(again.stderr).toBe('');
    expect(JSON.parse(again.stdout)).toEqual(doc);
  });

  it('analyse --holdout prints both columns and report then shows the stored holdout analysis', async () => {
    const analysed = await runCli(['analyse', '--db', demo.dbPath, '--dataset', 'demo', '--holdout', '0.5']);
    expect(analysed.code).toBe(0);
    expect(analysed.stdout).toMatch(/headline\s+in-sample \(n=650\)\s+holdout \(n=650\)/);
    const report = await runCli(['report', '--db', demo.dbPath]);
    expect(report.code).toBe(0);
    expect(report.stdout).toBe(analysed.stdout);
    expect(report.stdout.indexOf('flagged segments')).toBeLessThan(report.stdout.indexOf('clusters by traffic share'));
  });

  it('reads routing and holdout from the config file', async () => {
    const config = join(demo.dir, 'strict.json');
    writeFileSync(config, JSON.stringify({ routing: { passThreshold: 0.99 }, holdout: { fraction: 0.3, seed: 3 } }));
    const result = await runCli(['analyse', '--db', demo.dbPath, '-c', config, '--json']);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout) as ReportDocument;
    expect(doc.policy.routing.passThreshold).toBe(0.99);
    expect(doc.holdout).toMatchObject({ fraction: 0.3, seed: 3, method: 'time', eval: 390 });
  });

  it('bad usage exits 2 with one line naming the problem', async () => {
    const missing = await runCli(['report', '--db', demo.dbPath, '--run', 'r-nope']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^router-eval: run "r-nope" not found in .*; latest runs: r-/);
    const fraction = await runCli(['analyse', '--db', demo.dbPath, '--holdout', '1.5']);
    expect(fraction.code).toBe(2);
    expect(fraction.stderr).toContain('--holdout: expected a fraction between 0 and 1 (exclusive), found "1.5"');
    expect(fraction.stderr).not.toContain('    at ');
  });
});

describe('report --html to a path that cannot be written', () => {
  it('is a one-line error with exit 2, not a stack trace', async () => {
    const blocker = join(demo.dir, 'a-file');
    writeFileSync(blocker, 'x');
    const result = await runCli(['report', '--db', demo.dbPath, '--html', join(blocker, 'report.html')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/report\.html: cannot write the HTML report \((ENOTDIR|EEXIST)\)/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('which run report shows by default', () => {
  it('the newest analysed run, not a newer run that failed', async () => {
    const db = openStore(demo.dbPath);
    try {
      const newer = createRun(db, { datasetId: getDataset(db, 'demo').id, config: {}, configHash: 'other' });
      setRunStatus(db, newer.id, 'failed');
    } finally {
      db.close();
    }
    await runCli(['analyse', '--db', demo.dbPath, '--run', demo.runId, '--quiet']);
    const result = await runCli(['report', '--db', demo.dbPath, '--json', '--quiet']);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as ReportDocument).run.id).toBe(demo.runId);
  });
});
