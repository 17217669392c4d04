import { html, raw, type Html } from './format.js';

/**
 * The page shell and its stylesheet: system fonts, one column up to a laptop's width,
 * charts that scale with it, and a print layout (no shadows, sections kept whole, chart
 * colours printed as shown).
 */
const CSS = `
:root { --ink: #1d2430; --muted: #5b6575; --line: #d9dee6; --panel: #f6f8fb; --good: #1a7f4b; --bad: #b42318; --warn: #b54708; --accent: #1f5fbf; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: var(--ink); background: #fff; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 48px; }
header.page { border-bottom: 2px solid var(--ink); padding-bottom: 10px; margin-bottom: 18px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 0 0 4px; }
h3 { font-size: 14px; margin: 14px 0 6px; }
.meta { color: var(--muted); margin: 2px 0; }
section { margin: 0 0 26px; padding: 16px 18px; border: 1px solid var(--line); border-radius: 8px; break-inside: avoid; page-break-inside: avoid; }
section > .lede { color: var(--muted); margin: 0 0 12px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 10px; margin: 10px 0; }
.card { background: var(--panel); border-radius: 6px; padding: 10px 12px; }
.card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .03em; }
.card .value { font-size: 26px; font-weight: 650; font-variant-numeric: tabular-nums; }
.card .sub { color: var(--muted); font-size: 12px; font-variant-numeric: tabular-nums; }
.flags { list-style: none; padding: 0; margin: 8px 0; }
.flags li { border-left: 4px solid var(--bad); background: #fdf1f0; padding: 6px 10px; margin: 4px 0; }
.flags li.resolved { border-left-color: var(--good); background: #eef8f2; }
.flags li.info { border-left-color: var(--muted); background: var(--panel); }
.verdict { font-size: 16px; margin: 4px 0 10px; }
.warn { color: var(--warn); }
.ok { color: var(--good); }
.bad { color: var(--bad); }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 12px; color: var(--muted); font-weight: 600; }
td.num, th.num { text-align: right; }
tr.ours td { font-weight: 650; }
/* On the root, inherited: presentation attributes on a mark (fill, font-weight) still win. */
svg.chart { width: 100%; height: auto; display: block; fill: var(--ink); font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 12px; }
svg .tick { fill: var(--muted); font-size: 11px; }
svg .axis-label { fill: var(--muted); font-size: 12px; }
svg .axis { stroke: #8892a0; stroke-width: 1; }
svg .grid { stroke: #eceff3; stroke-width: 1; }
svg .small { font-size: 11px; fill: var(--muted); }
.legend { display: flex; flex-wrap: wrap; gap: 6px 16px; margin: 6px 0 0; font-size: 12px; color: var(--muted); }
.legend .key { display: inline-flex; align-items: center; gap: 6px; }
.legend .swatch { display: inline-block; width: 22px; height: 10px; border-radius: 2px; }
.two { display: grid; grid-template-columns: 1fr 1fr; gap: 18px; }
@media (max-width: 900px) { .two { grid-template-columns: 1fr; } }
footer { color: var(--muted); font-size: 12px; margin-top: 10px; }
@media print {
  body { font-size: 11px; }
  main { max-width: none; padding: 0; }
  section { border: none; padding: 0; margin-bottom: 18px; }
  .card { border: 1px solid var(--line); }
  a { color: inherit; text-decoration: none; }
  @page { margin: 14mm; }
}
`;

export function page(title: string, header: Html, sections: readonly Html[], footer: Html): string {
  return (
    '<!doctype html>\n' +
    html`<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title><style>${raw(CSS)}</style></head><body><main>${header}${sections}<footer>${footer}</footer></main></body></html>`.markup +
    '\n'
  );
}

/** A report section with an id (the tests and the table of contents use it), a heading and a one-line lede. */
export function section(id: string, title: string, lede: Html | string, body: Html | Html[]): Html {
  return html`<section id="${id}"><h2>${title}</h2><p class="lede">${lede}</p>${body}</section>`;
}
