import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../src/config/schema.js';
import { InputError } from '../../src/domain/errors.js';
import { analyseRun } from '../../src/pipeline/analyse.js';
import { readAnalysis } from '../../src/store/analyses.js';
import { readAssignments } from '../../src/store/clusterings.js';
import { readSamples } from '../../src/store/samples.js';
import { getRun } from '../../src/store/runs.js';
import { judgedDemoRun, type DemoRun } from '../report/demoRun.js';

let demo: DemoRun;
beforeAll(async () => {
  demo = await judgedDemoRun();
}, 60_000);
afterAll(() => demo?.cleanup());

describe('analyseRun on the judged demo run', () => {
  it('stores an analysis that reads back identical, with the lanes ranked by observed cost', () => {
    const stored = analyseRun(demo.db, { runId: demo.runId, config: demo.config });
    expect(readAnalysis(demo.db, demo.runId)).toEqual(stored);
    expect(stored.context.samples).toBe(1300);
    expect(stored.context.excluded).toEqual({ unassigned: 0, notInRun: 0 });
    // Declared strong first in the config: the rank comes from cost, not order.
    expect(stored.context.lanes.map((l) => [l.name, l.costRank, l.isReference])).toEqual([
      ['cheap', 0, false],
      ['strong', 1, true],
    ]);
    expect(stored.context.lanes[0]!.meanCostUsd!).toBeLessThan(stored.context.lanes[1]!.meanCostUsd!);
    expect(stored.context.clusterLabels).toHaveLength(10);
    expect(stored.analysis.split).toBeNull();
    expect(stored.analysis.headline.holdout).toBeNull();
  });

  it('finds the planted truth: greeting and account_lookup go cheap, hard tags stay strong, es-MX is the one harmed segment', () => {
    const { analysis, context } = analyseRun(demo.db, { runId: demo.runId, config: demo.config });
    const tagOf = new Map(readSamples(demo.db, getRun(demo.db, demo.runId).datasetId).map((s) => [s.id, s.tag!]));
    const tagsOf = new Map<number, Map<string, number>>();
    for (const [sampleId, { cluster }] of readAssignments(demo.db, context.clusteringId)) {
      const counts = tagsOf.get(cluster) ?? new Map<string, number>();
      counts.set(tagOf.get(sampleId)!, (counts.get(tagOf.get(sampleId)!) ?? 0) + 1);
      tagsOf.set(cluster, counts);
    }
    const dominant = (cluster: number) => [...tagsOf.get(cluster)!.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    const laneByTag = new Map<string, Set<string>>();
    for (const d of analysis.decisions.clusters) {
      const lanes = laneByTag.get(dominant(d.cluster)) ?? new Set<string>();
      lanes.add(d.lane);
      laneByTag.set(dominant(d.cluster), lanes);
    }
    expect([...laneByTag.get('greeting')!]).toEqual(['cheap']);
    expect([...laneByTag.get('account_lookup')!]).toEqual(['cheap']);
    expect([...laneByTag.get('technical_debug')!]).toEqual(['strong']);
    expect([...laneByTag.get('complex_analysis')!]).toEqual(['strong']);
    expect(laneByTag.get('billing_question')!.has('cheap')).toBe(true);

    const harm = analysis.segments.beforeOverrides.flags.filter((f) => f.kind === 'harm');
    expect(harm.map((f) => `${f.attribute}=${f.value}`)).toEqual(['locale=es-MX']);
    expect(harm[0]!.size).toBeGreaterThan(0.05);
    expect(harm[0]!.q).toBeLessThan(0.05);
    // No segment attribute is routed differently; only tags (tasks) are.
    expect(analysis.segments.beforeOverrides.flags.filter((f) => f.kind === 'diversion_disparity' && f.source === 'segment')).toEqual([]);
    expect(analysis.decisions.overrides.map((o) => `${o.attribute}=${o.value}->${o.lane}`)).toEqual(['locale=es-MX->strong']);
  });

  it('with a holdout by time, fits on the earlier part and reports both parts', () => {
    const stored = analyseRun(demo.db, { runId: demo.runId, config: demo.config, holdout: 0.5 });
    const split = stored.analysis.split!;
    expect(split.method).toBe('time');
    expect(split.fitIds).toHaveLength(650);
    expect(split.evalIds).toHaveLength(650);
    const time = new Map(readSamples(demo.db, getRun(demo.db, demo.runId).datasetId).map((s) => [s.id, s.timestamp!]));
    const lastFit = split.fitIds.map((id) => time.get(id)!).sort().at(-1)!;
    expect(split.evalIds.every((id) => time.get(id)! >= lastFit)).toBe(true);
    expect(split.evalFrom).toBe(split.evalIds.map((id) => time.get(id)!).sort()[0]);
    expect(stored.context.holdout).toEqual({ fraction: 0.5, seed: 1 });
    expect(stored.analysis.headline.inSample.n).toBe(650);
    expect(stored.analysis.headline.holdout!.n).toBe(650);
    expect(readAnalysis(demo.db, demo.runId)).toEqual(stored);
  });

  it('checks a stored analysis when reading it back instead of trusting the JSON', () => {
    analyseRun(demo.db, { runId: demo.runId, config: demo.config });
    const column = demo.db.prepare('SELECT analysis FROM analyses WHERE run_id = ?').pluck().get(demo.runId) as string;
    const broken = JSON.parse(column) as { headline: { inSample: { diversion: unknown } } };
    broken.headline.inSample.diversion = null;
    demo.db.prepare('UPDATE analyses SET analysis = ? WHERE run_id = ?').run(JSON.stringify(broken), demo.runId);
    expect(() => readAnalysis(demo.db, demo.runId)).toThrow(/invalid at headline\.inSample\.diversion/);
    analyseRun(demo.db, { runId: demo.runId, config: demo.config });
    expect(readAnalysis(demo.db, demo.runId)!.analysis.headline.inSample.diversion).not.toBeNull();
  });

  it('takes routing, segments and holdout from the config', () => {
    const config = ConfigSchema.parse({ routing: { passThreshold: 0.99, minSamples: 5 }, holdout: { fraction: 0.25, seed: 7 } });
    const stored = analyseRun(demo.db, { runId: demo.runId, config });
    expect(stored.context.routing.passThreshold).toBe(0.99);
    expect(stored.context.holdout).toEqual({ fraction: 0.25, seed: 7 });
    expect(stored.analysis.split!.evalIds).toHaveLength(325);
    // A stricter bar diverts less.
    expect(stored.analysis.decisions.clusters.filter((d) => d.lane === 'cheap').length).toBeLessThan(5);
  });
});

describe('analyseRun errors', () => {
  it('refuses a run that was never judged, naming the command to run', async () => {
    const unjudged = await judgedDemoRun({ judge: false, traffic: smallTraffic() });
    try {
      expect(() => analyseRun(unjudged.db, { runId: unjudged.runId, config: unjudged.config })).toThrow(InputError);
      expect(() => analyseRun(unjudged.db, { runId: unjudged.runId, config: unjudged.config })).toThrow(/no verdicts; run "router-eval judge --run r-/);
      expect(() => analyseRun(unjudged.db, { runId: 'r-nope', config: unjudged.config })).toThrow(/run "r-nope" not found/);
    } finally {
      unjudged.cleanup();
    }
  }, 30_000);
});

function smallTraffic(): string {
  const file = join(demo.dir, 'small.jsonl');
  const rows = Array.from({ length: 30 }, (_, i) =>
    JSON.stringify({ id: `t${i}`, prompt: `How do I reset password number ${i}?`, responses: { cheap: 'a', strong: 'b' }, labels: { cheap: true, strong: true } }),
  );
  writeFileSync(file, `${rows.join('\n')}\n`);
  return file;
}
