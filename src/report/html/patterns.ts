import type { PatternCurve, PatternName } from '../../analysis/index.js';
import type { ReportDocument } from '../summary.js';
import { html, pct, usd, type Html } from './format.js';
import { PATTERN_STYLE } from './frontier.js';
import { section } from './layout.js';

/** RouteLLM's router-quality metrics per pattern: APGR, CPT(50%), CPT(80%). */
export function patternsSection(doc: ReportDocument, curves: readonly PatternCurve[]): Html {
  const patterns = doc.patterns;
  if (!patterns) return section('patterns', 'Router patterns', 'Not available: no lane is cheaper than the reference lane.', html``);
  const cpt = (m: (typeof patterns.metrics)[number], target: number) => {
    const hit = m.cpt.find((c) => Math.abs(c.target - target) < 1e-9);
    return hit?.strongShare === null || hit === undefined ? 'not reached' : pct(hit.strongShare);
  };
  const rows = patterns.metrics.map((m) => {
    const style = PATTERN_STYLE[m.pattern as PatternName] ?? { color: '#999', label: m.pattern };
    const curve = curves.find((c) => c.pattern === m.pattern);
    return html`<tr class="${m.pattern === 'cluster' ? 'ours' : ''}" data-pattern="${m.pattern}"><td><span class="swatch" style="display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:6px;vertical-align:-1px;background:${style.color}"></span>${m.pattern}</td><td class="num">${curve?.points.length ?? ''}</td><td class="num">${m.apgr === null ? 'n/a' : m.apgr.toFixed(3)}</td><td class="num">${cpt(m, 0.5)}</td><td class="num">${cpt(m, 0.8)}</td><td>${curve?.parameterName ?? ''}</td></tr>`;
  });
  const mode = patterns.qualityMode === 'labels' ? 'recorded labels (mean quality)' : 'pairwise verdicts (share not worse than strong)';
  return section(
    'patterns',
    'Router patterns: RouteLLM metrics',
    `PGR = (q − q_cheap) / (q_strong − q_cheap); APGR is the area under PGR over strong-call share 0..1 (random = 0.5); CPT(x%) is the smallest strong-call share recovering x% of the gap (lower is better). Quality from ${mode}, on ${patterns.n} samples.`,
    [
      html`<table class="metrics"><thead><tr><th>pattern</th><th class="num">points</th><th class="num">APGR</th><th class="num">CPT(50%)</th><th class="num">CPT(80%)</th><th>swept over</th></tr></thead><tbody>${rows}</tbody></table>`,
      html`<p class="meta">Baselines: all-${patterns.cheapLane} quality ${patterns.cheap.quality.toFixed(3)} at ${usd(patterns.cheap.costPerRequestUsd)}/request; all-${patterns.strongLane} quality ${patterns.strong.quality.toFixed(3)} at ${usd(patterns.strong.costPerRequestUsd)}/request.</p>`,
    ],
  );
}
