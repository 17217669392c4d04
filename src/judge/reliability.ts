import { VERDICTS, type Verdict } from '../domain/verdict.js';
import { addUsage, NO_USAGE, type JudgeErrorClass, type JudgeUsage } from './types.js';

/**
 * How far a judged run's verdicts can be trusted, computed from what was stored:
 * position consistency (both orders agree), the verdict distribution, the parse-failure
 * rate, what the judge cost, and agreement with gold labels where a subset has them.
 * Pure: no I/O.
 */

export interface JudgedItem {
  result:
    | { status: 'ok'; verdict: Verdict; consistent?: boolean; acceptable?: boolean }
    | { status: 'error'; errorClass: JudgeErrorClass };
  /** What the stored verdict cost when it was made (re-judging it later is free). */
  usage: JudgeUsage;
  /** The verdict the data's own labels give, when the sample carries them. */
  gold?: Verdict;
}

export interface Agreement {
  /** Items with both a judge verdict and a gold one. */
  n: number;
  accuracy: number;
  /** Cohen's kappa; null when it is undefined (both raters used a single, identical category). */
  kappa: number | null;
}

export interface ReliabilityFigures {
  items: number;
  judged: number;
  errors: number;
  errorsByClass: Partial<Record<JudgeErrorClass, number>>;
  /** Share of the items the judge was asked about (all but `missing`) that never got a parseable reply. */
  parseFailureRate: number;
  verdicts: Record<Verdict, number>;
  /** Only pairs judged in both orders count; rate is null when there are none. */
  consistency: { pairs: number; consistent: number; rate: number | null };
  cost: JudgeUsage;
  /** Against verdicts derived from gold labels; null when no judged item has them. */
  agreement: Agreement | null;
}

export function reliabilityFigures(items: readonly JudgedItem[]): ReliabilityFigures {
  const verdicts: Record<Verdict, number> = { cheap_better: 0, tie: 0, cheap_worse: 0 };
  const errorsByClass: Partial<Record<JudgeErrorClass, number>> = {};
  let judged = 0;
  let pairs = 0;
  let consistent = 0;
  let cost = NO_USAGE;
  const withGold: [Verdict, Verdict][] = [];
  for (const item of items) {
    cost = addUsage(cost, item.usage);
    const result = item.result;
    if (result.status === 'error') {
      errorsByClass[result.errorClass] = (errorsByClass[result.errorClass] ?? 0) + 1;
      continue;
    }
    judged++;
    verdicts[result.verdict]++;
    if (result.consistent !== undefined) {
      pairs++;
      if (result.consistent) consistent++;
    }
    if (item.gold !== undefined) withGold.push([result.verdict, item.gold]);
  }
  return {
    items: items.length,
    judged,
    errors: items.length - judged,
    errorsByClass,
    parseFailureRate: parseFailureRate(items.length - (errorsByClass.missing ?? 0), errorsByClass.parse ?? 0),
    verdicts,
    consistency: { pairs, consistent, rate: pairs ? consistent / pairs : null },
    cost,
    agreement: withGold.length ? agreement(withGold, VERDICTS) : null,
  };
}

function parseFailureRate(asked: number, failures: number): number {
  return asked > 0 ? failures / asked : 0;
}

/** Accuracy and Cohen's kappa of paired ratings (judge, gold) over the given categories. */
export function agreement<T>(ratings: readonly (readonly [T, T])[], categories: readonly T[]): Agreement {
  const n = ratings.length;
  if (n === 0) return { n, accuracy: 0, kappa: null };
  const agree = ratings.filter(([a, b]) => a === b).length;
  const observed = agree / n;
  let expected = 0;
  for (const category of categories) {
    const pa = ratings.filter(([a]) => a === category).length / n;
    const pb = ratings.filter(([, b]) => b === category).length / n;
    expected += pa * pb;
  }
  const kappa = expected >= 1 ? null : (observed - expected) / (1 - expected);
  return { n, accuracy: observed, kappa };
}

/** The figures as a few lines for the terminal. */
export function formatReliability(figures: ReliabilityFigures): string[] {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const share = (k: number) => (figures.judged ? ` (${pct(k / figures.judged)})` : '');
  const lines = [
    `judged ${figures.judged} of ${figures.items}` +
      (figures.errors ? `, ${figures.errors} errors (${Object.entries(figures.errorsByClass).map(([k, v]) => `${k} ${v}`).join(', ')})` : ''),
    `verdicts: cheap_better ${figures.verdicts.cheap_better}${share(figures.verdicts.cheap_better)}, ` +
      `tie ${figures.verdicts.tie}${share(figures.verdicts.tie)}, cheap_worse ${figures.verdicts.cheap_worse}${share(figures.verdicts.cheap_worse)}`,
  ];
  if (figures.consistency.rate !== null) {
    lines.push(`position consistency: ${pct(figures.consistency.rate)} (${figures.consistency.consistent}/${figures.consistency.pairs} pairs agree across orders)`);
  }
  lines.push(`parse failures: ${pct(figures.parseFailureRate)}`);
  lines.push(
    `judge cost: $${figures.cost.costUsd.toFixed(4)} (${figures.cost.calls} calls, ${figures.cost.inputTokens} in / ${figures.cost.outputTokens} out tokens)`,
  );
  if (figures.agreement) {
    const { n, accuracy, kappa } = figures.agreement;
    lines.push(`agreement with gold labels: accuracy ${pct(accuracy)}, kappa ${kappa === null ? 'undefined' : kappa.toFixed(3)} (n=${n})`);
  }
  return lines;
}
