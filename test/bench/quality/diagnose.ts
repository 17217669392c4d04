import { proportion, routerMetrics } from '../../../src/analysis/index.js';
import { readAssignments } from '../../../src/store/clusterings.js';
import type { StoredAnalysis } from '../../../src/store/analyses.js';
import { getDataset } from '../../../src/store/datasets.js';
import type { Db } from '../../../src/store/db.js';
import { readSamples } from '../../../src/store/samples.js';

/**
 * What limits the cluster router: the same fit/holdout split and clustering, ranked by
 * other decision statistics, and (where the data has one) by a known grouping instead of
 * clusters. Each variant sends groups to the strong lane in order of risk, as the cluster
 * pattern's threshold sweep does, and scores the held-out half with the RouteLLM metrics.
 */
export interface Variant {
  name: string;
  apgr: number | null;
  cpt50: number | null;
}

interface Row {
  id: string;
  cluster: number;
  /** Farther from its centroid than the cluster's radius: the table sends it strong whatever the cluster's decision. */
  outOfDistribution: boolean;
  group: string | undefined;
  qCheap: number;
  qStrong: number;
}

type Risk = (rows: readonly Row[]) => number;

const quality = (v: boolean | number | undefined): number => (typeof v === 'boolean' ? Number(v) : (v ?? NaN));

/** Wilson lower bound of "cheap not worse" (ties and cheap-better pass), as the routing policy uses: risk = 1 - bound. */
const wilsonNotWorse: Risk = (rows) => 1 - proportion(rows.filter((r) => r.qCheap >= r.qStrong).length, rows.length).low;
/** Point estimate of "cheap worse". */
const worseRate: Risk = (rows) => rows.filter((r) => r.qCheap < r.qStrong).length / rows.length;
/** Mean quality gained by calling the strong lane (worse minus better, for 0/1 labels): what PGR rewards. */
const netGain: Risk = (rows) => rows.reduce((sum, r) => sum + (r.qStrong - r.qCheap), 0) / rows.length;

function curve(
  fit: readonly Row[],
  evalRows: readonly Row[],
  keyOf: (r: Row) => string,
  risk: Risk,
  minSamples: number,
  ood: boolean,
): Omit<Variant, 'name'> {
  const groups = new Map<string, Row[]>();
  for (const r of fit) groups.set(keyOf(r), [...(groups.get(keyOf(r)) ?? []), r]);
  const scored = [...groups].filter(([, rows]) => rows.length >= minSamples).map(([key, rows]) => ({ key, risk: risk(rows) }));
  // Riskiest first to the strong lane; keys never ranked (too few fit samples, unseen) stay strong throughout.
  scored.sort((a, b) => b.risk - a.risk);
  const risks = [...new Set(scored.map((s) => s.risk))];
  const ranked = new Map(scored.map((s) => [s.key, s.risk]));
  const n = evalRows.length;
  const qOf = (strong: (r: Row) => boolean) => evalRows.reduce((sum, r) => sum + (strong(r) ? r.qStrong : r.qCheap), 0) / n;
  const shareOf = (strong: (r: Row) => boolean) => evalRows.filter(strong).length / n;
  // A key goes cheap when its risk is below the cut: from every ranked key cheap (Infinity) to all strong (-Infinity).
  const points = [Infinity, ...risks, -Infinity].map((cut) => {
    const strong = (r: Row) => (ood && r.outOfDistribution) || !((ranked.get(keyOf(r)) ?? Infinity) < cut);
    return { strongShare: shareOf(strong), quality: qOf(strong) };
  });
  const m = routerMetrics(points, qOf(() => false), qOf(() => true));
  return { apgr: m.apgr, cpt50: m.cpt.find((c) => c.target === 0.5)?.strongShare ?? null };
}

/** `groupSegment`: a segment attribute (or 'tag') to compare clusters against, as a known grouping. */
export function diagnose(db: Db, stored: StoredAnalysis, dataset: string, groupSegment: string | undefined): Variant[] {
  const split = stored.analysis.split;
  if (!split) throw new Error('diagnose: the analysis has no holdout split');
  const assignments = readAssignments(db, stored.context.clusteringId);
  const radius = new Map(stored.analysis.decisions.clusters.map((c) => [c.cluster, c.radius]));
  const byId = new Map<string, Row>();
  for (const s of readSamples(db, getDataset(db, dataset).id)) {
    const a = assignments.get(s.id);
    const qCheap = quality(s.labels.cheap);
    const qStrong = quality(s.labels.strong);
    if (!a || Number.isNaN(qCheap) || Number.isNaN(qStrong)) continue;
    const r = radius.get(a.cluster);
    const outOfDistribution = r !== null && r !== undefined && a.distance > r;
    byId.set(s.id, { id: s.id, cluster: a.cluster, outOfDistribution, group: groupSegment === 'tag' ? s.tag : groupSegment ? s.segments[groupSegment] : undefined, qCheap, qStrong });
  }
  const pick = (ids: readonly string[]) => ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
  const fit = pick(split.fitIds);
  const evalRows = pick(split.evalIds);
  const min = stored.context.routing.minSamples;
  const byCluster = (r: Row) => String(r.cluster);
  const oodShare = evalRows.filter((r) => r.outOfDistribution).length / evalRows.length;
  const variants: Variant[] = [
    { ...curve(fit, evalRows, byCluster, wilsonNotWorse, min, true), name: 'clusters, Wilson bound of not-worse (the policy, = cluster above)' },
    { ...curve(fit, evalRows, byCluster, wilsonNotWorse, min, false), name: `  the same without the out-of-distribution rule (${(oodShare * 100).toFixed(1)}% of the holdout)` },
    { ...curve(fit, evalRows, byCluster, worseRate, min, false), name: 'clusters, point rate of cheap-worse, no OOD rule' },
    { ...curve(fit, evalRows, byCluster, netGain, min, false), name: 'clusters, mean quality gain of strong, no OOD rule' },
  ];
  if (groupSegment) {
    const byGroup = (r: Row) => r.group ?? '';
    variants.push({ ...curve(fit, evalRows, byGroup, netGain, min, false), name: `known ${groupSegment} instead of clusters, mean gain` });
  }
  return variants;
}
