import { z } from 'zod';
import type { ExactJudgeSchema, JsonSchemaJudgeSchema, NumericJudgeSchema, RegexJudgeSchema } from '../config/judge.js';
import { compareOutcomes, describeOutcome } from './outcomes.js';
import { finalNumber, sameNumber } from './numbers.js';
import type { JudgePair, RuleOutcome } from './types.js';

/**
 * Rule judges for checkable outputs. Each checks an answer; the verdict then follows
 * from the two lanes' checks. A rule with a target (exact, numeric, similarity) checks
 * both answers against the sample's reference, or, without one, checks the cheap
 * answer against the strong answer (agreement is a tie, disagreement cheap_worse,
 * since the strong answer is the standard). Pure: no I/O.
 */

type ExactJudge = z.infer<typeof ExactJudgeSchema>;
type RegexJudge = z.infer<typeof RegexJudgeSchema>;
type JsonSchemaJudge = z.infer<typeof JsonSchemaJudgeSchema>;
type NumericJudge = z.infer<typeof NumericJudgeSchema>;
export type Against = ExactJudge['against'];

export function exactJudge(judge: Pick<ExactJudge, 'against' | 'caseSensitive'>, pair: JudgePair): RuleOutcome {
  const normal = (text: string) => normaliseAnswer(text, judge.caseSensitive);
  return judgeAgainstTarget(judge.against, pair, 'exact match', (answer, target) => normal(answer) === normal(target));
}

export function numericJudge(judge: Pick<NumericJudge, 'against' | 'tolerance'>, pair: JudgePair): RuleOutcome {
  return judgeAgainstTarget(judge.against, pair, 'final number', (answer, target) => {
    const expected = finalNumber(target);
    const got = finalNumber(answer);
    if (expected === undefined) return { error: 'no number in the target to compare with' };
    return got !== undefined && sameNumber(got, expected, judge.tolerance);
  });
}

export function regexJudge(judge: Pick<RegexJudge, 'pattern' | 'flags'>, pair: JudgePair): RuleOutcome {
  const pattern = new RegExp(judge.pattern, judge.flags);
  return judgeEachAnswer(pair, `matches /${judge.pattern}/`, (answer) => pattern.test(answer));
}

/** Compiles the schema once; the returned judge validates each answer parsed as JSON. */
export function jsonSchemaJudge(judge: Pick<JsonSchemaJudge, 'schema'>): (pair: JudgePair) => RuleOutcome {
  const schema = z.fromJSONSchema(judge.schema as Parameters<typeof z.fromJSONSchema>[0]);
  return (pair) =>
    judgeEachAnswer(pair, 'valid against the JSON Schema', (answer) => {
      const json = parseJsonAnswer(answer);
      return json !== undefined && schema.safeParse(json.value).success;
    });
}

/**
 * The comparable form of a short answer: Unicode-normalised, typographic quotes made
 * plain, whitespace collapsed, one trailing full stop dropped, case folded unless asked not to.
 */
export function normaliseAnswer(text: string, caseSensitive = false): string {
  const plain = text
    .normalize('NFKC')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.。]$/, '')
    .trim();
  return caseSensitive ? plain : plain.toLowerCase();
}

/** The JSON an answer holds: the whole text, or the whole content of one fenced code block. */
function parseJsonAnswer(answer: string): { value: unknown } | undefined {
  const trimmed = answer.trim();
  const fenced = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/.exec(trimmed);
  try {
    return { value: JSON.parse(fenced?.[1] ?? trimmed) };
  } catch {
    return undefined;
  }
}

type Check = boolean | { error: string };

/** Where a targeted rule's target comes from for this pair. */
export function targetOf(against: Against, pair: JudgePair): 'reference' | 'strong' {
  if (against === 'reference' || against === 'strong') return against;
  return pair.sample.reference !== undefined ? 'reference' : 'strong';
}

export function judgeAgainstTarget(
  against: Against,
  pair: JudgePair,
  what: string,
  check: (answer: string, target: string) => Check,
): RuleOutcome {
  if (pair.cheap === undefined) return { status: 'error', message: 'no cheap answer to judge' };
  const target = targetOf(against, pair);
  if (target === 'strong') {
    if (pair.strong === undefined) return { status: 'error', message: 'no strong answer to compare with' };
    const same = check(pair.cheap, pair.strong);
    if (typeof same !== 'boolean') return { status: 'error', message: `strong answer: ${same.error}` };
    return same
      ? { status: 'ok', verdict: 'tie', reason: `${what}: cheap agrees with strong` }
      : { status: 'ok', verdict: 'cheap_worse', reason: `${what}: cheap differs from strong` };
  }
  const reference = pair.sample.reference;
  if (reference === undefined) return { status: 'error', message: 'the sample has no reference answer' };
  if (pair.strong === undefined) return { status: 'error', message: 'no strong answer to judge' };
  const cheapCheck = check(pair.cheap, reference);
  const strongCheck = check(pair.strong, reference);
  if (typeof cheapCheck !== 'boolean') return { status: 'error', message: `reference: ${cheapCheck.error}` };
  if (typeof strongCheck !== 'boolean') return { status: 'error', message: `reference: ${strongCheck.error}` };
  return fromChecks(`${what} with the reference`, cheapCheck, strongCheck);
}

export function judgeEachAnswer(pair: JudgePair, what: string, check: (answer: string) => boolean): RuleOutcome {
  if (pair.cheap === undefined) return { status: 'error', message: 'no cheap answer to judge' };
  if (pair.strong === undefined) return { status: 'error', message: 'no strong answer to judge' };
  return fromChecks(what, check(pair.cheap), check(pair.strong));
}

function fromChecks(what: string, cheap: boolean, strong: boolean): RuleOutcome {
  const verdict = compareOutcomes(cheap, strong);
  if (typeof verdict !== 'string') return { status: 'error', message: verdict.error };
  return { status: 'ok', verdict, reason: `${what}: cheap ${describeOutcome(cheap)}, strong ${describeOutcome(strong)}` };
}
