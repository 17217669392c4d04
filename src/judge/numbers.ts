/**
 * The final number of an answer, GSM8K style. Where the answer says which number is
 * final, that wins, in this order: after the last "####", inside the last \boxed{},
 * after the last "answer is" / "Answer:"; otherwise the last number in the text.
 * Handles "$1,234.50", "-7", "−7" (unicode minus), "3/4", "12%" and a trailing full stop.
 */
export function finalNumber(text: string): number | undefined {
  const marked = afterLast(text, /####/g) ?? boxed(text) ?? afterLast(text, /answer\s*(?:is|:)\s*/gi);
  if (marked !== undefined) {
    const first = numbersIn(marked)[0];
    if (first !== undefined) return first;
  }
  return numbersIn(text).at(-1);
}

// A sign, an optional currency symbol, digits with optional thousands separators and decimals, an optional fraction.
const NUMBER = /(?<![\w.])([-−]?)(?:[$€£]\s?)?([-−]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:\s?\/\s?(\d+)(?![\d.]))?/g;

export function numbersIn(text: string): number[] {
  const found: number[] = [];
  for (const match of text.matchAll(NUMBER)) {
    const [, signBefore, signAfter, whole = '', decimals = '', denominator] = match;
    let value = Number(whole.replace(/,/g, '') + decimals);
    if (denominator !== undefined) {
      const d = Number(denominator);
      if (d === 0) continue;
      value /= d;
    }
    if (signBefore || signAfter) value = -value;
    if (Number.isFinite(value)) found.push(value);
  }
  return found;
}

export function sameNumber(a: number, b: number, tolerance: number): boolean {
  return Math.abs(a - b) <= tolerance;
}

function afterLast(text: string, marker: RegExp): string | undefined {
  let end: number | undefined;
  for (const match of text.matchAll(marker)) end = match.index + match[0].length;
  return end === undefined ? undefined : text.slice(end);
}

function boxed(text: string): string | undefined {
  const start = text.lastIndexOf('\\boxed{');
  if (start < 0) return undefined;
  const close = text.indexOf('}', start);
  return text.slice(start + 7, close < 0 ? undefined : close);
}
