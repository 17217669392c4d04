import { segmentName, type Headline } from '../analysis/index.js';
import type { MeanEstimate } from '../domain/analysis.js';
import { confidenceLabel, ms, pct, rateInterval, usd } from '../domain/format.js';
import type { ReliabilityFigures } from '../judge/reliability.js';
import type { ReportCluster, ReportDocument, ReportFlag } from './summary.js';

/** Clusters listed on screen; the rest are counted (the JSON document has them all). */
const MAX_CLUSTERS = 15;

/**
 * The report as compact text for one screen: the run, headline figures (in-sample and
 * holdout side by side), judge reliability, flagged segments first, then clusters by
 * traffic share. Pure.
 */
export function formatReport(doc: ReportDocument): string {
  const text = [...runLines(doc), '', ...headlineLines(doc), '', ...judgeLines(doc), '', ...flagLines(doc), '', ...clusterLines(doc)].join('\n');
  // Segment values and cluster terms come from traffic: no escape sequence of theirs reaches the terminal.
  return text.replace(/[^\P{Cc}\n]/gu, '?');
}

function runLines(doc: ReportDocument): string[] {
  const { run, samples, holdout } = doc;
  const excluded = samples.excluded.unassigned + samples.excluded.notInRun;
  const lanes = doc.lanes.map((l) => `${l.name} (${l.provider} ${l.model}${l.isReference ? ', reference' : ''})`).join(' < ');
  const lines = [
    `run ${run.id} · dataset ${run.dataset} · ${run.status} · ${samples.analysed} samples analysed` +
      (excluded ? ` (${excluded} left out: ${samples.excluded.notInRun} not in the run, ${samples.excluded.unassigned} unclustered)` : ''),
    `lanes by cost: ${lanes}`,
  ];
  if (holdout) {
    lines.push(
      `holdout: ${pct(holdout.fraction, 0)} ${holdout.method === 'time' ? 'by time' : holdout.method === 'random' ? `at random (seed ${holdout.seed})` : 'by time where timestamped, else at random'}` +
        `: fitted on ${holdout.fit}, reported on ${holdout.eval}${holdout.evalFrom ? ` (from ${holdout.evalFrom})` : ''}`,
    );
  } else {
    lines.push('holdout: none (fitted and reported on the same samples; --holdout FRACTION for an out-of-sample check)');
  }
  return lines;
}

function headlineLines(doc: ReportDocument): string[] {
  const { inSample, holdout, warnings } = doc.headline;
  const columns = holdout ? [inSample, holdout] : [inSample];
  // Answers read from the traffic take no provider time: say so rather than print a 0 ms that looks measured.
  const recorded = new Set(doc.lanes.filter((l) => l.provider === 'recorded').map((l) => l.name));
  const rows: [string, (h: Headline) => string][] = [
    ['diversion rate', (h) => rateInterval(h.diversion)],
    ['fallback rate', (h) => (h.fallback ? rateInterval(h.fallback) : 'n/a (no single judge)')],
    ['cost / request, routed', (h) => usd(h.cost.routedPerRequestUsd)],
    ['cost / request, all-strong', (h) => usd(h.cost.referencePerRequestUsd)],
    ['saving / request', (h) => `${usd(h.cost.saving.mean)} (${pct(h.cost.savingShare)})`],
    ['quality regression rate', (h) => rateInterval(h.regression) + (h.unjudgedDiverted ? ` (${h.unjudgedDiverted} unjudged)` : '')],
    ...inSample.latency.lanes.map((l): [string, (h: Headline) => string] => [
      `p95 latency ${l.lane}`,
      (h) =>
        ms(h.latency.lanes.find((x) => x.lane === l.lane)?.p95Ms ?? null) + (recorded.has(l.lane) ? ' (recorded: no provider latency)' : ''),
    ]),
    ['p95 latency served', (h) => ms(h.latency.served.p95Ms)],
  ];
  if (inSample.quality) rows.push(['mean quality served', (h) => mean(h.quality?.served ?? null)]);
  const label = 30;
  const width = 30;
  const header = holdout
    ? `${'headline'.padEnd(label)}${`in-sample (n=${inSample.n})`.padEnd(width)}holdout (n=${holdout.n})`
    : `headline (n=${inSample.n}, in-sample)`;
  const lines = [header];
  for (const [name, value] of rows) {
    lines.push(`  ${name.padEnd(label - 2)}${columns.map((h, i) => (i < columns.length - 1 ? value(h).padEnd(width) : value(h))).join('')}`);
  }
  for (const warning of warnings) lines.push(`warning: ${warning}`);
  return lines;
}

function mean(m: MeanEstimate | null): string {
  if (!m || m.mean === null) return 'n/a';
  return m.low === null || m.high === null ? m.mean.toFixed(3) : `${m.mean.toFixed(3)} [${m.low.toFixed(3)}, ${m.high.toFixed(3)}]`;
}

function judgeLines(doc: ReportDocument): string[] {
  const reference = doc.lanes.find((l) => l.isReference)?.name ?? 'reference';
  if (doc.judge.length === 0) return ['judge: no reliability figures stored for this run'];
  const lines: string[] = [];
  for (const j of doc.judge) {
    lines.push(`judge${j.judgeType ? ` (${j.judgeType})` : ''}, ${j.lane} vs ${reference}: ${reliability(j.figures)}; spent ${usd(j.spentUsd)}`);
    if (j.single) lines.push(`  single judge on ${j.lane}: ${reliability(j.single)}`);
    const { rate } = j.figures.consistency;
    if (rate !== null && rate < 0.5) {
      lines.push(`  warning: the judge agreed with itself across orders on only ${pct(rate)} of pairs; its disagreements count as ties (passes): distrust these decisions`);
    }
  }
  return lines;
}

function reliability(f: ReliabilityFigures): string {
  const parts = [
    `judged ${f.judged}/${f.items}`,
    `worse ${f.judged ? pct(f.verdicts.cheap_worse / f.judged) : 'n/a'}, tie ${f.judged ? pct(f.verdicts.tie / f.judged) : 'n/a'}`,
    `consistency ${f.consistency.rate === null ? 'n/a' : `${pct(f.consistency.rate)} of ${f.consistency.pairs}`}`,
    `parse failures ${pct(f.parseFailureRate)}`,
  ];
  if (f.errors) parts.push(`${f.errors} errors`);
  if (f.agreement) parts.push(`gold agreement ${pct(f.agreement.accuracy)} (kappa ${f.agreement.kappa === null ? 'n/a' : f.agreement.kappa.toFixed(2)})`);
  return parts.join(', ');
}

function flagLines(doc: ReportDocument): string[] {
  const lines =
    doc.flags.length === 0
      ? [`flagged segments: none (${doc.segments.slices.length} slices checked)`]
      : [`flagged segments (${doc.flags.length}):`, ...doc.flags.flatMap(flagText)];
  if (doc.overrides.length) {
    lines.push(`segment overrides (${doc.overrides.length}):`);
    for (const o of doc.overrides) {
      lines.push(
        `  cluster ${o.cluster}: ${segmentName(o)} -> ${o.lane} ` +
          `(${o.evidence.lane} passes ${rateInterval(o.evidence.pass)}, bar ${o.evidence.passThreshold})`,
      );
    }
  }
  if (doc.tagDiversion.length) {
    lines.push(
      `tasks routed unlike the rest (by design, not flags): ` +
        doc.tagDiversion.map((f) => `${f.segment} ${pct(f.figure.rate)} diverted`).join(', ') +
        ` vs ${pct(doc.tagDiversion[0]!.overall)} overall`,
    );
  }
  return lines;
}

function flagText(flag: ReportFlag): string[] {
  const kind = flag.kind === 'harm' ? 'HARM' : 'DIVERSION';
  const lines = [`  ${kind} ${flag.summary}`];
  if (flag.overriddenIn.length || !flag.stillFlagged) {
    const what = flag.kind === 'harm' ? 'served a worse answer' : 'diverted';
    lines.push(
      `    ${flag.overriddenIn.length ? `overridden to the reference in cluster ${flag.overriddenIn.join(', ')}; ` : ''}` +
        `final table: ${rateInterval(flag.final)} ${what}${flag.stillFlagged ? ', still flagged' : ', no longer flagged'}`,
    );
  }
  return lines;
}

function clusterLines(doc: ReportDocument): string[] {
  const shown = doc.clusters.slice(0, MAX_CLUSTERS);
  const lines = [
    `clusters by traffic share (${doc.clusters.length}):`,
    `  ${'id'.padStart(3)} ${'share'.padStart(6)} ${'n'.padStart(5)}  ${`pass rate [${confidenceLabel(doc.policy.routing.confidence)} CI]`.padEnd(24)} ${'decision'.padEnd(22)} labels`,
  ];
  for (const c of shown) {
    lines.push(
      `  ${String(c.cluster).padStart(3)} ${pct(c.share).padStart(6)} ${String(c.n).padStart(5)}  ${rateInterval(c.pass).padEnd(24)} ` +
        `${decision(c).padEnd(22)} ${c.labels.slice(0, 4).join(', ')}`,
    );
  }
  if (doc.clusters.length > shown.length) lines.push(`  … ${doc.clusters.length - shown.length} smaller clusters (--json lists them all)`);
  return lines;
}

function decision(c: ReportCluster): string {
  const overrides = c.overrides.length ? ` +${c.overrides.length} override${c.overrides.length > 1 ? 's' : ''}` : '';
  if (c.diverted) return `${c.lane}${overrides}`;
  if (c.reason === 'reference_only') return c.lane;
  return `${c.lane} (${c.shortfall === 'too_few_judged' ? `n<${c.minSamples}` : `<${c.passThreshold}`})`;
}
