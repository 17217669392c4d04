import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseRun } from '../../src/pipeline/analyse.js';
import { loadReport, REPORT_VERSION } from '../../src/report/summary.js';
import { formatReport } from '../../src/report/terminal.js';
import { judgedDemoRun, type DemoRun } from './demoRun.js';

let demo: DemoRun;
beforeAll(async () => {
  demo = await judgedDemoRun();
}, 60_000);
afterAll(() => demo?.cleanup());

describe('the report document', () => {
  it('is absent before the run is analysed, then carries the run, headline, judge, flags and clusters', () => {
    expect(loadReport(demo.db, demo.runId)).toBeUndefined();
    analyseRun(demo.db, { runId: demo.runId, config: demo.config });
    const doc = loadReport(demo.db, demo.runId)!;
    expect(doc.reportVersion).toBe(REPORT_VERSION);
    expect(doc.reportVersion).toBe(1);
    expect(doc.run).toMatchObject({ id: demo.runId, dataset: 'demo', status: 'complete' });
    expect(doc.samples).toEqual({ analysed: 1300, excluded: { unassigned: 0, notInRun: 0 } });
    expect(doc.lanes.map((l) => l.name)).toEqual(['cheap', 'strong']);
    expect(doc.holdout).toBeNull();
    expect(doc.headline.holdout).toBeNull();
    expect(doc.headline.inSample.diversion.rate).toBeGreaterThan(0.3);
    expect(doc.headline.inSample.regression.rate).toBeLessThan(0.03);
    expect(doc.headline.inSample.cost.saving.mean).toBeGreaterThan(0);
    expect(doc.judge).toHaveLength(1);
    expect(doc.judge[0]).toMatchObject({ lane: 'cheap', judgeType: 'labels', figures: { items: 1300, judged: 1300 } });
    expect(doc.judge[0]!.figures.verdicts.cheap_worse).toBe(148);

    // The planted segment, and no other, with what the override did to it.
    expect(doc.flags.map((f) => [f.kind, f.segment])).toEqual([['harm', 'locale=es-MX']]);
    const flag = doc.flags[0]!;
    expect(flag.overriddenIn).toEqual(doc.overrides.map((o) => o.cluster));
    expect(flag.final!.rate!).toBeLessThan(flag.figure.rate!);
    expect(flag.stillFlagged).toBe(false);
    expect(doc.tagDiversion.map((f) => f.segment).sort()).toEqual(['tag=complex_analysis', 'tag=technical_debug']);

    expect(doc.clusters).toHaveLength(10);
    const shares = doc.clusters.map((c) => c.share);
    expect(shares).toEqual([...shares].sort((a, b) => b - a));
    expect(doc.clusters.reduce((sum, c) => sum + c.n, 0)).toBe(1300);
    for (const c of doc.clusters) {
      expect(c.labels.length).toBeGreaterThan(0);
      expect(c.pass).not.toBeNull();
      expect(c.diverted).toBe(c.lane === 'cheap');
      if (c.diverted) expect(c.pass!.low).toBeGreaterThanOrEqual(c.passThreshold);
      else expect(c.shortfall).not.toBeNull();
    }
    expect(doc.clusters.flatMap((c) => c.overrides)).toEqual([{ attribute: 'locale', value: 'es-MX', lane: 'strong' }]);
    expect(doc.patterns?.metrics.map((m) => m.pattern)).toContain('cluster');
    // A JSON document: survives a round trip unchanged.
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });
});

describe('the terminal report', () => {
  it('prints the headline in the issue order, then judge reliability, flagged segments first, then clusters by share', () => {
    analyseRun(demo.db, { runId: demo.runId, config: demo.config });
    const text = formatReport(loadReport(demo.db, demo.runId)!);
    const at = (pattern: string) => {
      const index = text.indexOf(pattern);
      expect(index, pattern).toBeGreaterThanOrEqual(0);
      return index;
    };
    const order = [
      'diversion rate',
      'fallback rate',
      'cost / request, routed',
      'cost / request, all-strong',
      'saving / request',
      'quality regression rate',
      'p95 latency cheap',
      'p95 latency strong',
      'judge (labels), cheap vs strong',
      'flagged segments (1):',
      'HARM locale=es-MX',
      'clusters by traffic share (10):',
    ].map(at);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(text).toMatch(/HARM locale=es-MX: [\d.]+% \[[\d.]+%, [\d.]+%\] served a worse answer vs [\d.]+% overall \(\+[\d.]+ pts, q=[\de.-]+, n=130\)/);
    expect(text).toContain('holdout: none');
    // One screen: compact enough to read without scrolling.
    expect(text.split('\n').length).toBeLessThanOrEqual(50);
    const clusterRows = text.slice(at('clusters by traffic share')).split('\n').slice(2);
    expect(clusterRows).toHaveLength(10);
    expect(clusterRows[0]).toMatch(/^\s+\d+\s+[\d.]+%\s+\d+\s+[\d.]+% \[[\d.]+, [\d.]+\]\s+(cheap|strong)/);
  });

  it('with a holdout prints in-sample and holdout side by side', () => {
    analyseRun(demo.db, { runId: demo.runId, config: demo.config, holdout: 0.5 });
    const doc = loadReport(demo.db, demo.runId)!;
    expect(doc.holdout).toMatchObject({ fraction: 0.5, method: 'time', fit: 650, eval: 650 });
    const text = formatReport(doc);
    expect(text).toMatch(/holdout: 50% by time: fitted on 650, reported on 650 \(from 2025-/);
    expect(text).toMatch(/headline\s+in-sample \(n=650\)\s+holdout \(n=650\)/);
    const row = text.split('\n').find((line) => line.trim().startsWith('diversion rate'))!;
    expect(row.match(/[\d.]+% \[[\d.]+, [\d.]+\]/g)).toHaveLength(2);
    const regression = text.split('\n').find((line) => line.trim().startsWith('quality regression rate'))!;
    expect(regression.match(/[\d.]+% \[[\d.]+, [\d.]+\]/g)).toHaveLength(2);
  });
});
