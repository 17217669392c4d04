import type {
  JudgedSample,
  Proportion,
  RoutingDecisions,
  RoutingPolicy,
  SegmentOverride,
  SegmentPolicy,
} from '../domain/analysis.js';
import { pct } from '../domain/format.js';
import { byCluster, lanePassRate } from './passRates.js';
import { countServed, servedOutcome, type ServedCounts } from './served.js';
import { benjaminiHochberg, proportion, twoProportionTest, zForConfidence } from './stats.js';

export interface SliceFigures {
  n: number;
  /** Share of the slice's traffic sent to a non-reference lane. */
  diversion: Proportion;
  /** Among diverted samples judged on the lane served: share that got a worse answer. */
  regression: Proportion;
  /** Among samples whose outcome is known: share served a worse answer than the reference. */
  harm: Proportion;
}

export interface SliceTest {
  /** Slice rate minus the rate in the rest of the traffic. */
  diff: number;
  p: number;
  /** Benjamini-Hochberg q across every tested slice (one family per metric). */
  q: number;
}

export interface SegmentSlice extends SliceFigures {
  source: 'segment' | 'tag';
  attribute: string;
  value: string;
  /** Tests run only for slices with at least minN samples. */
  harmTest: SliceTest | null;
  diversionTest: SliceTest | null;
}

export interface SegmentFlag {
  kind: 'harm' | 'diversion_disparity';
  source: 'segment' | 'tag';
  attribute: string;
  value: string;
  n: number;
  /** The slice figure flagged (harm or diversion) and the overall figure it is compared with. */
  figure: Proportion;
  overall: number;
  /** harm: slice minus overall (absolute share); diversion: slice divided by overall. */
  size: number;
  q: number;
  /** One line a person can act on: the segment, the size and the evidence. */
  summary: string;
}

export interface SegmentReport {
  overall: SliceFigures;
  /** Segment slices by attribute then value, then tag slices. */
  slices: SegmentSlice[];
  /** Harm flags (largest first), then diversion disparities. */
  flags: SegmentFlag[];
}

interface SliceKey {
  source: 'segment' | 'tag';
  attribute: string;
  value: string;
}

function figures(c: ServedCounts, z: number): SliceFigures {
  return {
    n: c.n,
    diversion: proportion(c.diverted, c.n, z),
    regression: proportion(c.worse, c.divertedJudged, z),
    harm: proportion(c.worse, c.assessed, z),
  };
}

/** Every segment attribute value and every tag, each with the indices of its samples. */
function sliceMembers(samples: readonly JudgedSample[]): { key: SliceKey; members: number[] }[] {
  const index = new Map<string, { key: SliceKey; members: number[] }>();
  const add = (key: SliceKey, i: number) => {
    const id = JSON.stringify([key.source, key.attribute, key.value]);
    const slot = index.get(id);
    if (slot) slot.members.push(i);
    else index.set(id, { key, members: [i] });
  };
  samples.forEach((s, i) => {
    for (const [attribute, value] of Object.entries(s.segments)) add({ source: 'segment', attribute, value }, i);
    if (s.tag !== undefined) add({ source: 'tag', attribute: 'tag', value: s.tag }, i);
  });
  const order = (k: SliceKey) => `${k.source === 'segment' ? 0 : 1}\u0000${k.attribute}\u0000${k.value}`;
  return [...index.values()].sort((a, b) => (order(a.key) < order(b.key) ? -1 : order(a.key) > order(b.key) ? 1 : 0));
}

const fmtQ = (q: number) => (q < 0.001 ? q.toExponential(1) : q.toFixed(3));

/** How a slice is named in flags, reports and gate evidence: `attribute=value`, or `tag=value`. */
export function segmentName(s: { source: 'segment' | 'tag'; attribute: string; value: string }): string {
  return s.source === 'tag' ? `tag=${s.value}` : `${s.attribute}=${s.value}`;
}

/**
 * Segment slices under a routing table: diversion, regression and harm per segment value
 * and per tag, each compared with the rest of the traffic (two-proportion test, BH across
 * the tested slices). Flags: harm above the overall harm by more than alertDelta with
 * q < maxQ; diversion below half or above double the overall rate with q < maxQ.
 */
export function segmentReport(
  samples: readonly JudgedSample[],
  decisions: RoutingDecisions,
  policy: SegmentPolicy,
  confidence = 0.95,
): SegmentReport {
  const z = zForConfidence(confidence);
  const outcomes = samples.map((s) => servedOutcome(decisions, s));
  const total = countServed(outcomes);
  const overall = figures(total, z);
  const raw = sliceMembers(samples).map(({ key, members }) => ({ key, counts: countServed(members.map((i) => outcomes[i]!)) }));

  const tested = raw.filter((r) => r.counts.n >= policy.minN);
  const harm = tested.map((r) => test(r.counts, total, 'worse', 'assessed'));
  const diversion = tested.map((r) => test(r.counts, total, 'diverted', 'n'));
  const harmQ = benjaminiHochberg(harm.map((t) => t.p));
  const divQ = benjaminiHochberg(diversion.map((t) => t.p));
  const tests = new Map(
    tested.map((r, i) => [r, { harm: { ...harm[i]!, q: harmQ[i]! }, diversion: { ...diversion[i]!, q: divQ[i]! } }]),
  );

  const slices: SegmentSlice[] = raw.map((r) => ({
    ...r.key,
    ...figures(r.counts, z),
    harmTest: tests.get(r)?.harm ?? null,
    diversionTest: tests.get(r)?.diversion ?? null,
  }));
  return { overall, slices, flags: flagsOf(slices, overall, policy) };
}

function test(slice: ServedCounts, total: ServedCounts, k: 'worse' | 'diverted', n: 'assessed' | 'n'): { diff: number; p: number } {
  const { diff, p } = twoProportionTest(slice[k], slice[n], total[k] - slice[k], total[n] - slice[n]);
  return { diff, p };
}

function flagsOf(slices: readonly SegmentSlice[], overall: SliceFigures, policy: SegmentPolicy): SegmentFlag[] {
  const harmFlags: SegmentFlag[] = [];
  const divFlags: SegmentFlag[] = [];
  const overallHarm = overall.harm.rate ?? 0;
  const overallDiv = overall.diversion.rate ?? 0;
  for (const s of slices) {
    const name = segmentName(s);
    if (s.harmTest && s.harm.rate !== null) {
      const delta = s.harm.rate - overallHarm;
      if (delta > policy.alertDelta && s.harmTest.q < policy.maxQ) {
        harmFlags.push({
          kind: 'harm',
          source: s.source,
          attribute: s.attribute,
          value: s.value,
          n: s.n,
          figure: s.harm,
          overall: overallHarm,
          size: delta,
          q: s.harmTest.q,
          summary:
            `${name}: ${pct(s.harm.rate)} [${pct(s.harm.low)}, ${pct(s.harm.high)}] served a worse answer vs ` +
            `${pct(overallHarm)} overall (+${(delta * 100).toFixed(1)} pts, q=${fmtQ(s.harmTest.q)}, n=${s.n})`,
        });
      }
    }
    if (s.diversionTest && s.diversion.rate !== null && overallDiv > 0) {
      const ratio = s.diversion.rate / overallDiv;
      if ((ratio < 0.5 || ratio > 2) && s.diversionTest.q < policy.maxQ) {
        divFlags.push({
          kind: 'diversion_disparity',
          source: s.source,
          attribute: s.attribute,
          value: s.value,
          n: s.n,
          figure: s.diversion,
          overall: overallDiv,
          size: ratio,
          q: s.diversionTest.q,
          summary:
            `${name}: diverted ${pct(s.diversion.rate)} [${pct(s.diversion.low)}, ${pct(s.diversion.high)}] vs ` +
            `${pct(overallDiv)} overall (${ratio.toFixed(2)}x, q=${fmtQ(s.diversionTest.q)}, n=${s.n})`,
        });
      }
    }
  }
  harmFlags.sort((a, b) => b.size - a.size);
  divFlags.sort((a, b) => Math.abs(Math.log(b.size || 1e-9)) - Math.abs(Math.log(a.size || 1e-9)));
  return [...harmFlags, ...divFlags];
}

/**
 * Segment overrides: inside a cluster routed to a cheaper lane, a cell (one value of an
 * attribute known at request time) with at least minCellSamples judged whose pass-rate
 * upper bound is below the cluster's threshold goes to the reference. The upper bound,
 * not the lower one: the cluster already cleared the bar, so a cell is carved out only
 * when it is confidently below it, not merely small.
 */
export function segmentOverrides(
  samples: readonly JudgedSample[],
  decisions: RoutingDecisions,
  routing: Pick<RoutingPolicy, 'tiesPass' | 'confidence'>,
  policy: SegmentPolicy,
): SegmentOverride[] {
  const z = zForConfidence(routing.confidence);
  const groups = byCluster(samples);
  const known = policy.knownAtRequest ? new Set(policy.knownAtRequest) : undefined;
  const overrides: SegmentOverride[] = [];
  for (const decision of decisions.clusters) {
    if (decision.lane === decisions.referenceLane) continue;
    const members = groups.get(decision.cluster) ?? [];
    const cells = sliceMembers(members).filter(({ key }) =>
      key.source === 'tag' ? policy.tagOverrides && (!known || known.has('tag')) : !known || known.has(key.attribute),
    );
    for (const { key, members: idx } of cells) {
      const pass = lanePassRate(idx.map((i) => members[i]!), decision.lane, routing.tiesPass, z);
      if (pass.n >= policy.minCellSamples && pass.high < decision.passThreshold) {
        overrides.push({
          cluster: decision.cluster,
          ...key,
          lane: decisions.referenceLane,
          evidence: { lane: decision.lane, pass, passThreshold: decision.passThreshold },
        });
      }
    }
  }
  return overrides;
}

export interface SegmentClusterCell {
  source: 'segment' | 'tag';
  attribute: string;
  value: string;
  cluster: number;
  n: number;
  /** Share of the cell's assessed traffic served a worse answer. */
  harm: Proportion;
}

/** Harm per (segment value or tag) x cluster under a table: the report's heatmap. */
export function segmentClusterCells(
  samples: readonly JudgedSample[],
  decisions: RoutingDecisions,
  confidence = 0.95,
): SegmentClusterCell[] {
  const z = zForConfidence(confidence);
  const cells: SegmentClusterCell[] = [];
  for (const [cluster, members] of byCluster(samples)) {
    const outcomes = members.map((s) => servedOutcome(decisions, s));
    for (const { key, members: idx } of sliceMembers(members)) {
      const c = countServed(idx.map((i) => outcomes[i]!));
      cells.push({ ...key, cluster, n: c.n, harm: proportion(c.worse, c.assessed, z) });
    }
  }
  return cells;
}
