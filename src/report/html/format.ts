import type { Proportion } from '../../domain/analysis.js';
import { bounds } from '../../domain/format.js';

/**
 * Text helpers shared by the HTML sections. Every string that reaches the page from
 * traffic or config (segment values, label terms, lane and dataset names) goes through
 * `esc`: the report is opened in a browser, so traffic text must never become markup.
 */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** A tagged template that escapes every interpolated value; `Html` values pass through as markup. */
export class Html {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

type Part = Html | string | number | null | undefined | false | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Html) return part.markup;
  if (Array.isArray(part)) return part.map(render).join('');
  return esc(part as string | number);
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new Html(out);
}

/** Markup already built elsewhere (joined fragments), trusted as is. */
export function raw(markup: string): Html {
  return new Html(markup);
}

export { ms, pct, usd } from '../../domain/format.js';

/** An interval's bounds alone: the rate is printed next to it. */
export const interval = (p: Proportion | null | undefined): string => (!p || p.rate === null ? 'n/a' : bounds(p));

/** A number for an SVG coordinate: short, and never NaN in the markup. */
export const num = (x: number): string => (Number.isFinite(x) ? String(Math.round(x * 10) / 10) : '0');
