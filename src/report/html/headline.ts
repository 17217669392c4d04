import { segmentName, type Headline } from '../../analysis/index.js';
import type { Proportion } from '../../domain/analysis.js';
import { confidenceLabel } from '../../domain/format.js';
import type { ReportDocument, ReportFlag } from '../summary.js';
import { html, interval, ms, pct, usd, type Html } from './format.js';
import { section } from './layout.js';

/** The page header: which run, which lanes, how the figures were fitted and reported. */
export function pageHeader(doc: ReportDocument): Html {
  const { run, samples, holdout } = doc;
  const excluded = samples.excluded.unassigned + samples.excluded.notInRun;
  const lanes = doc.lanes.map((l) => `${l.name} (${l.provider} ${l.model}${l.isReference ? ', reference' : ''})`).join(' < ');
  const split = holdout
    ? `holdout ${pct(holdout.fraction, 0)} ${holdout.method === 'time' ? 'by time' : holdout.method === 'random' ? 'at random' : 'by time where timestamped, else at random'}: fitted on ${holdout.fit}, figures reported on ${holdout.eval}`
    : 'no holdout: fitted and reported on the same samples';
  return html`<header class="page"><h1>Routing report: ${run.dataset}</h1>
<p class="meta">run ${run.id} · ${run.status} · ${samples.analysed} samples analysed${excluded ? ` (${excluded} left out)` : ''} · analysed ${doc.analysedAt}</p>
<p class="meta">lanes by cost: ${lanes}</p><p class="meta">${split}</p></header>`;
}

/** Headline figures (holdout first when there is one), flagged segments, warnings and judge reliability. */
export function headlineSection(doc: ReportDocument): Html {
  const { inSample, holdout, warnings } = doc.headline;
  const main = holdout ?? inSample;
  const other = holdout ? inSample : null;
  const basis = holdout ? `on the holdout (n=${holdout.n}); in-sample figures below each` : `in-sample (n=${inSample.n})`;
  return section(
    'headline',
    'Headline',
    `What the routing table does to the traffic, ${basis}.`,
    [
      html`<p class="verdict">${verdict(main, doc)}</p>`,
      flagList(doc),
      html`<div class="cards">${cards(main, other, doc)}</div>`,
      warnings.length ? html`<ul class="flags">${warnings.map((w) => html`<li class="info warn">${w}</li>`)}</ul>` : html``,
      overrideList(doc),
      judgeTable(doc),
    ],
  );
}

/** The answer in one sentence: how much goes cheap, what it saves, what it costs in quality. */
function verdict(h: Headline, doc: ReportDocument): string {
  const reference = doc.lanes.find((l) => l.isReference)?.name ?? 'the reference lane';
  if (h.diversion.rate === null || h.diversion.k === 0) return `The table keeps every request on ${reference}: no cluster cleared the bar.`;
  const saving = h.cost.savingShare === null ? '' : `, cutting cost per request by ${pct(h.cost.savingShare)}`;
  const flagged = doc.flags.filter((f) => f.stillFlagged).length;
  return (
    `The table sends ${pct(h.diversion.rate)} of requests to a cheaper lane${saving}; ${pct(h.regression.rate)} of requests get a worse answer than ${reference} would give. ` +
    (flagged ? `${flagged} segment${flagged > 1 ? 's are' : ' is'} still flagged under the final table.` : 'No segment is flagged under the final table.')
  );
}

function card(label: string, value: string, sub: string, tone: '' | 'ok' | 'bad' = ''): Html {
  return html`<div class="card"><div class="label">${label}</div><div class="value ${tone}">${value}</div><div class="sub">${sub}</div></div>`;
}

function rateSub(p: Proportion | null, other: Proportion | null | undefined, hasOther: boolean, confidence: number): string {
  const own = p && p.rate !== null ? `${confidenceLabel(confidence)} CI ${interval(p)} · n=${p.n}` : 'n/a';
  return hasOther ? `${own} · in-sample ${pct(other?.rate ?? null)}` : own;
}

function cards(h: Headline, other: Headline | null, doc: ReportDocument): Html[] {
  const reference = doc.lanes.find((l) => l.isReference)?.name ?? 'reference';
  const has = other !== null;
  const confidence = doc.policy.routing.confidence;
  const out = [
    card('diversion rate', pct(h.diversion.rate), rateSub(h.diversion, other?.diversion, has, confidence)),
    card(
      'fallback rate',
      h.fallback ? pct(h.fallback.rate) : 'n/a',
      h.fallback ? rateSub(h.fallback, other?.fallback, has, confidence) : 'no single judge in this run',
    ),
    card(
      'cost / request',
      usd(h.cost.routedPerRequestUsd),
      `vs ${usd(h.cost.referencePerRequestUsd)} all-${reference} · saving ${pct(h.cost.savingShare)}` +
        (has ? ` · in-sample ${usd(other.cost.routedPerRequestUsd)}` : ''),
      (h.cost.savingShare ?? 0) > 0 ? 'ok' : '',
    ),
    card(
      'quality regression',
      pct(h.regression.rate),
      rateSub(h.regression, other?.regression, has, confidence) + (h.unjudgedDiverted ? ` · ${h.unjudgedDiverted} diverted unjudged` : ''),
      (h.regression.rate ?? 0) > 0.05 ? 'bad' : '',
    ),
  ];
  if (h.quality?.served.mean !== null && h.quality?.served.mean !== undefined) {
    const lanes = Object.entries(h.quality.lanes)
      .map(([lane, q]) => `${lane} ${q === null ? 'n/a' : q.toFixed(3)}`)
      .join(' · ');
    out.push(card('mean quality served', h.quality.served.mean.toFixed(3), lanes));
  }
  const lanes = h.latency.lanes.map((l) => {
    const before = other?.latency.lanes.find((x) => x.lane === l.lane);
    return `${l.lane} ${ms(l.p95Ms)}` + (has ? ` (in-sample ${ms(before?.p95Ms)})` : '');
  });
  out.push(card('p95 latency served', ms(h.latency.served.p95Ms), `p50 ${ms(h.latency.served.p50Ms)} · p95 by lane: ${lanes.join(' · ')}`));
  return out;
}

function flagList(doc: ReportDocument): Html {
  if (doc.flags.length === 0) {
    return html`<ul class="flags"><li class="resolved">No segment flagged: no segment is harmed or treated differently beyond the alert threshold (${pct(doc.policy.segments.alertDelta, 0)}).</li></ul>`;
  }
  return html`<h3>Flagged segments</h3><ul class="flags">${doc.flags.map(flagItem)}</ul>`;
}

function flagItem(flag: ReportFlag): Html {
  const kind = flag.kind === 'harm' ? 'harm' : 'treated differently';
  const fix = flag.overriddenIn.length
    ? ` Override: sent to the reference lane in cluster${flag.overriddenIn.length > 1 ? 's' : ''} ${flag.overriddenIn.join(', ')}; under the final table ${pct(flag.final?.rate ?? null)}${flag.stillFlagged ? ', still flagged.' : ', no longer flagged.'}`
    : '';
  return html`<li class="${flag.stillFlagged ? '' : 'resolved'}"><strong>${kind}</strong> · ${flag.summary}.${fix}</li>`;
}

function overrideList(doc: ReportDocument): Html {
  if (doc.overrides.length === 0) return html``;
  return html`<h3>Segment overrides in the table</h3><ul class="flags">${doc.overrides.map(
    (o) =>
      html`<li class="info">cluster ${o.cluster}: ${segmentName(o)} → ${o.lane} (pass rate on ${o.evidence.lane} ${pct(o.evidence.pass.rate)} ${interval(o.evidence.pass)}, n=${o.evidence.pass.n}, bar ${pct(o.evidence.passThreshold, 0)})</li>`,
  )}</ul>`;
}

function judgeTable(doc: ReportDocument): Html {
  if (doc.judge.length === 0) return html`<p class="meta">No judge report stored for this run.</p>`;
  const rows = doc.judge.map((j) => {
    const f = j.figures;
    return html`<tr><td>${j.lane}</td><td>${j.judgeType ?? 'n/a'}</td><td class="num">${f.judged} / ${f.items}</td><td class="num">${f.errors}</td><td class="num">${pct(f.parseFailureRate)}</td><td class="num">${f.verdicts.cheap_better} / ${f.verdicts.tie} / ${f.verdicts.cheap_worse}</td><td class="num">${f.consistency.rate === null ? 'n/a' : `${pct(f.consistency.rate)} of ${f.consistency.pairs}`}</td><td class="num">${f.agreement ? `${pct(f.agreement.accuracy)}${f.agreement.kappa === null ? '' : ` (κ ${f.agreement.kappa.toFixed(2)})`}` : 'n/a'}</td><td class="num">${usd(j.spentUsd)}</td></tr>`;
  });
  return html`<h3>Judge reliability</h3><table><thead><tr><th>lane judged</th><th>judge</th><th class="num">judged / items</th><th class="num">errors</th><th class="num">parse failures</th><th class="num">better / tie / worse</th><th class="num">order consistency</th><th class="num">agreement with labels</th><th class="num">spent</th></tr></thead><tbody>${rows}</tbody></table>`;
}
