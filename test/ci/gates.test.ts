import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { ConfigSchema } from '../../src/config/schema.js';
import { makeTempDir } from '../helpers/cli.js';
import { clusterDrift } from '../../src/analysis/drift.js';
import { evaluateGates, GATE_NAMES, type DecisionFlipFigures, type DriftFigures, type GateReport, type GateResult } from '../../src/analysis/gates.js';
import { proportion } from '../../src/analysis/stats.js';
import { junitXml } from '../../src/report/junit.js';

const p = (k: number, n: number) => proportion(k, n);

/** A report with 1000 requests: 40% diverted, 3% regressed, one harm flag on locale=es-MX (12% regression). */
function report(overrides: { regression?: number; diversion?: number; holdout?: boolean; consistent?: number } = {}): GateReport {
  const headline = { n: 1000, diversion: p(overrides.diversion ?? 400, 1000), regression: p(overrides.regression ?? 30, 1000) };
  return {
    policy: { routing: { confidence: 0.95 } },
    headline: { inSample: headline, holdout: overrides.holdout ? { ...headline, regression: p(90, 1000) } : null },
    flags: [{ kind: 'harm', source: 'segment', attribute: 'locale', value: 'es-MX', segment: 'locale=es-MX' }],
    segments: {
      slices: [
        { source: 'segment', attribute: 'locale', value: 'es-MX', n: 200, regression: p(12, 100) },
        { source: 'segment', attribute: 'locale', value: 'en-US', n: 800, regression: p(18, 300) },
      ],
    },
    clusters: [
      { cluster: 0, share: 0.4, lane: 'cheap', diverted: true, shortfall: null, passLane: 'cheap', pass: p(88, 100), passThreshold: 0.8, labels: ['refund', 'invoice'] },
      { cluster: 1, share: 0.35, lane: 'strong', diverted: false, shortfall: 'below_threshold', passLane: 'cheap', pass: p(70, 100), passThreshold: 0.8, labels: ['code'] },
      { cluster: 2, share: 0.25, lane: 'strong', diverted: false, shortfall: 'too_few_judged', passLane: 'cheap', pass: p(9, 10), passThreshold: 0.8, labels: [] },
    ],
    judge: [{ lane: 'cheap', figures: { consistency: { pairs: 200, consistent: overrides.consistent ?? 150, rate: (overrides.consistent ?? 150) / 200 } } }],
  };
}

const flips = (flipped: number): DecisionFlipFigures => ({
  baseline: 'prod.json',
  compared: 1000,
  flipped,
  top: [{ cluster: 1, labels: ['code'], from: 'strong', to: 'cheap', count: flipped }],
});

function drift(shifted: boolean): DriftFigures {
  const geometry = [0, 1, 2].map((cluster) => ({ cluster, radius: 0.5 }));
  const assignments = Array.from({ length: 600 }, (_, i) => ({
    cluster: shifted ? (i % 10 < 8 ? 2 : i % 2) : i % 3,
    distance: shifted && i % 4 === 0 ? 0.7 : 0.2,
  }));
  return {
    baseline: 'prod.json',
    cluster: clusterDrift({ 0: 200, 1: 200, 2: 200 }, assignments, geometry),
    labels: { 0: ['refund'], 1: ['code'], 2: ['travel'] },
    lanes: { 0: 'cheap', 1: 'strong', 2: 'strong' },
  };
}

const gate = (results: GateResult[], name: string) => results.find((r) => r.gate === name)!;

describe('the gates config section', () => {
  it('defaults the drift limits, leaves quality gates off, and rejects unknown or out-of-range limits naming the field', () => {
    expect(ConfigSchema.parse({}).gates).toEqual({ maxDriftPsi: 0.25, maxOodShare: 0.2, minJudgeConsistency: 0.5 });
    const temp = makeTempDir();
    try {
      const file = join(temp.dir, 'config.json');
      writeFileSync(file, JSON.stringify({ gates: { maxRegressionRate: 1.5 } }));
      expect(() => loadConfig(file)).toThrow(/gates\.maxRegressionRate/);
      writeFileSync(file, JSON.stringify({ gates: { maxRegresionRate: 0.1 } }));
      expect(() => loadConfig(file)).toThrow(/maxRegresionRate/);
    } finally {
      temp.cleanup();
    }
  });
});

describe('evaluateGates', () => {
  it('returns one result per gate, in a fixed order, unchecked without limits or inputs', () => {
    const results = evaluateGates({}, {});
    expect(results.map((r) => r.gate)).toEqual([...GATE_NAMES]);
    expect(results.every((r) => !r.checked && !r.tripped && r.figure === null)).toBe(true);
    expect(gate(results, 'maxRegressionRate').evidence).toMatch(/no limit set \(gates\.maxRegressionRate\)/);
    expect(gate(evaluateGates({ maxDecisionFlipShare: 0.1 }, {}), 'maxDecisionFlipShare').evidence).toMatch(/no baseline table/);
  });

  it('maxRegressionRate: passes under the limit; trips over it naming the diverted clusters to act on', () => {
    const ok = gate(evaluateGates({ maxRegressionRate: 0.05 }, { report: report() }), 'maxRegressionRate');
    expect(ok).toMatchObject({ checked: true, tripped: false, figure: 0.03, limit: 0.05 });
    const bad = gate(evaluateGates({ maxRegressionRate: 0.02 }, { report: report() }), 'maxRegressionRate');
    expect(bad).toMatchObject({ checked: true, tripped: true, figure: 0.03, limit: 0.02 });
    expect(bad.evidence).toMatch(/regression rate in-sample 3\.0% \(95% CI .*30 of 1000\) exceeds the limit 2\.0%/);
    expect(bad.evidence).toMatch(/cluster 0 \(refund, invoice\) on cheap/);
    expect(bad.evidence).toMatch(/passThreshold/);
  });

  it('labels intervals with the report\'s confidence level', () => {
    const at90 = { ...report(), policy: { routing: { confidence: 0.9 } } };
    const bad = gate(evaluateGates({ maxRegressionRate: 0.02 }, { report: at90 }), 'maxRegressionRate');
    expect(bad.evidence).toMatch(/regression rate in-sample 3\.0% \(90% CI /);
    expect(bad.evidence).not.toMatch(/95%/);
  });

  it('reads the holdout figures when there are any', () => {
    const bad = gate(evaluateGates({ maxRegressionRate: 0.05 }, { report: report({ holdout: true }) }), 'maxRegressionRate');
    expect(bad).toMatchObject({ tripped: true, figure: 0.09 });
    expect(bad.evidence).toMatch(/on the holdout part/);
  });

  it('maxSegmentRegressionRate: the worst flagged segment against the limit', () => {
    const ok = gate(evaluateGates({ maxSegmentRegressionRate: 0.15 }, { report: report() }), 'maxSegmentRegressionRate');
    expect(ok).toMatchObject({ checked: true, tripped: false, figure: 0.12 });
    const bad = gate(evaluateGates({ maxSegmentRegressionRate: 0.1 }, { report: report() }), 'maxSegmentRegressionRate');
    expect(bad).toMatchObject({ tripped: true, figure: 0.12, limit: 0.1 });
    expect(bad.evidence).toMatch(/locale=es-MX regression 12\.0%/);
    expect(bad.evidence).toMatch(/segment overrides/);
    // en-US has a higher rate than the limit's 0.05 but is not flagged: not a segment gate matter.
    const unflagged = { ...report(), flags: [] };
    expect(gate(evaluateGates({ maxSegmentRegressionRate: 0.01 }, { report: unflagged }), 'maxSegmentRegressionRate')).toMatchObject({ tripped: false, figure: 0 });
  });

  it('minDiversionRate: passes at or above the minimum; trips below naming the largest clusters kept on the reference', () => {
    expect(gate(evaluateGates({ minDiversionRate: 0.4 }, { report: report() }), 'minDiversionRate')).toMatchObject({ tripped: false, figure: 0.4 });
    const bad = gate(evaluateGates({ minDiversionRate: 0.5 }, { report: report() }), 'minDiversionRate');
    expect(bad).toMatchObject({ tripped: true, figure: 0.4, limit: 0.5 });
    expect(bad.evidence).toMatch(/cluster 1 \(code\) \(35\.0% of traffic\): cheap pass lower bound .* below 80\.0%/);
    expect(bad.evidence).toMatch(/cluster 2 \(25\.0% of traffic\): too few judged samples on cheap; judge more/);
  });

  it('maxDecisionFlipShare: share of requests routed differently from the baseline table', () => {
    expect(gate(evaluateGates({ maxDecisionFlipShare: 0.1 }, { flips: flips(50) }), 'maxDecisionFlipShare')).toMatchObject({ tripped: false, figure: 0.05 });
    const bad = gate(evaluateGates({ maxDecisionFlipShare: 0.1 }, { flips: flips(250) }), 'maxDecisionFlipShare');
    expect(bad).toMatchObject({ tripped: true, figure: 0.25 });
    expect(bad.evidence).toMatch(/25\.0% of requests \(250 of 1000\) are routed to another lane than by prod\.json/);
    expect(bad.evidence).toMatch(/cluster 1 \(code\): 250 requests strong -> cheap/);
  });

  it('maxDriftPsi and maxOodShare: quiet on an unchanged mix, trip on a shifted one', () => {
    const limits = { maxDriftPsi: 0.25, maxOodShare: 0.2 };
    const calm = evaluateGates(limits, { drift: drift(false) });
    expect(gate(calm, 'maxDriftPsi')).toMatchObject({ checked: true, tripped: false });
    expect(gate(calm, 'maxOodShare')).toMatchObject({ checked: true, tripped: false, figure: 0 });
    const moved = evaluateGates(limits, { drift: drift(true) });
    const psi = gate(moved, 'maxDriftPsi');
    expect(psi.tripped).toBe(true);
    expect(psi.evidence).toMatch(/Largest moves: cluster 2 \(travel\) on strong 33\.3% -> 80\.0%/);
    const ood = gate(moved, 'maxOodShare');
    expect(ood).toMatchObject({ tripped: true, figure: 0.25 });
    expect(ood.evidence).toMatch(/Re-fit/);
  });
});

/** A minimal XML well-formedness check: one root, properly nested tags, quoted attributes, known entities only. */
function wellFormed(xml: string): boolean {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  let roots = 0;
  const token = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g;
  for (const m of body.matchAll(token)) {
    if (m[6]) return false;
    if (m[5] !== undefined) {
      if (/&(?!(amp|lt|gt|quot|apos);)/.test(m[5])) return false;
      if (stack.length === 0 && m[5].trim()) return false;
      continue;
    }
    const [, close, name, attrs, selfClose] = m;
    if (/&(?!(amp|lt|gt|quot|apos);)/.test(attrs ?? '')) return false;
    if (close) {
      if (stack.pop() !== name) return false;
    } else {
      if (stack.length === 0) roots++;
      if (!selfClose) stack.push(name!);
    }
  }
  return stack.length === 0 && roots === 1;
}

describe('minJudgeConsistency', () => {
  it('passes a judge that mostly agrees with itself, trips on one that reads positions, skips runs without swapped pairs', () => {
    expect(gate(evaluateGates({ minJudgeConsistency: 0.5 }, { report: report() }), 'minJudgeConsistency')).toMatchObject({ checked: true, tripped: false, figure: 0.75 });
    const biased = gate(evaluateGates({ minJudgeConsistency: 0.5 }, { report: report({ consistent: 10 }) }), 'minJudgeConsistency');
    expect(biased).toMatchObject({ checked: true, tripped: true, figure: 0.05, limit: 0.5 });
    expect(biased.evidence).toMatch(/10 of 200.*count as ties/);
    const unswapped = { ...report(), judge: [{ lane: 'cheap', figures: { consistency: { pairs: 0, consistent: 0, rate: null } } }] };
    expect(gate(evaluateGates({ minJudgeConsistency: 0.5 }, { report: unswapped }), 'minJudgeConsistency')).toMatchObject({ checked: false, tripped: false });
  });
});

describe('drift gates without traffic', () => {
  it('are not checked (an empty mix would read as PSI 0, no drift)', () => {
    const empty: DriftFigures = { ...drift(false), cluster: clusterDrift({ 0: 200, 1: 200 }, [], [0, 1].map((cluster) => ({ cluster, radius: 0.5 }))) };
    const results = evaluateGates({ maxDriftPsi: 0.25, maxOodShare: 0.2 }, { drift: empty });
    expect(gate(results, 'maxDriftPsi')).toMatchObject({ checked: false, tripped: false, evidence: 'no traffic to check' });
    expect(gate(results, 'maxOodShare')).toMatchObject({ checked: false, tripped: false });
  });
});

describe('junitXml', () => {
  const results = evaluateGates(
    { maxRegressionRate: 0.02, minDiversionRate: 0.3, maxDriftPsi: 0.25, maxOodShare: 0.2 },
    { report: report(), drift: drift(false) },
  );

  it('is well-formed XML with one test case per gate: failures for tripped gates, skipped for unchecked ones', () => {
    const xml = junitXml({ runId: 'r-1 <"&">', gates: results, timestamp: '2025-04-01T00:00:00.000Z' });
    expect(wellFormed(xml)).toBe(true);
    expect(xml.match(/<testcase /g)).toHaveLength(GATE_NAMES.length);
    for (const name of GATE_NAMES) expect(xml).toContain(`name="${name}`);
    expect(xml.match(/<failure /g)).toHaveLength(1);
    expect(xml.match(/<skipped /g)).toHaveLength(3);
    expect(xml).toMatch(/<testsuite name="router-eval gates: r-1 &lt;&quot;&amp;&quot;&gt;" tests="7" failures="1" errors="0" skipped="3"/);
    expect(xml).toMatch(/<failure message="regression rate in-sample 3\.0%[^"]*" type="GateTripped">/);
  });

  it('drops unpaired UTF-16 surrogates (not XML characters) and keeps valid pairs', () => {
    const lone = results.map((g) => (g.gate === 'maxRegressionRate' ? { ...g, evidence: `cut answer \uD83D| stray \uDE00 | kept \u{1F600}` } : g));
    const xml = junitXml({ runId: 'r-\uDC00', gates: lone });
    expect(wellFormed(xml)).toBe(true);
    expect(xml).not.toMatch(/\p{Cs}/u);
    expect(xml).toContain('cut answer | stray  | kept \u{1F600}');
  });

  it('the checker rejects broken XML (so the test above means something)', () => {
    expect(wellFormed('<a><b></a></b>')).toBe(false);
    expect(wellFormed('<a x="1 & 2"/>')).toBe(false);
    expect(wellFormed('<a/><b/>')).toBe(false);
    expect(wellFormed('<a>ok &amp; fine</a>')).toBe(true);
  });
});
