import type { LabelsJudgeSchema } from '../config/judge.js';
import type { z } from 'zod';
import { compareOutcomes, describeOutcome } from './outcomes.js';
import type { JudgePair, RuleOutcome } from './types.js';

type LabelsJudge = z.infer<typeof LabelsJudgeSchema>;

export interface LaneNames {
  cheap: string;
  strong: string;
}

/**
 * Outcomes recorded in the data decide without any call: `labels[<cheap lane>]` against
 * `labels[<strong lane>]`, booleans (correct or not) or scores (higher is better).
 * Answer text is not needed, so label-only benchmark files are judged too.
 */
export function labelsJudge(
  judge: Pick<LabelsJudge, 'cheapLabel' | 'strongLabel' | 'tieMargin'>,
  lanes: LaneNames,
  pair: JudgePair,
): RuleOutcome {
  const cheapKey = judge.cheapLabel ?? lanes.cheap;
  const strongKey = judge.strongLabel ?? lanes.strong;
  const cheap = pair.sample.labels[cheapKey];
  const strong = pair.sample.labels[strongKey];
  if (cheap === undefined) return { status: 'error', message: `the sample has no labels.${cheapKey}` };
  if (strong === undefined) return { status: 'error', message: `the sample has no labels.${strongKey}` };
  const verdict = compareOutcomes(cheap, strong, judge.tieMargin);
  if (typeof verdict !== 'string') return { status: 'error', message: `labels.${cheapKey} vs labels.${strongKey}: ${verdict.error}` };
  return {
    status: 'ok',
    verdict,
    reason: `recorded labels: ${cheapKey} ${describeOutcome(cheap)}, ${strongKey} ${describeOutcome(strong)}`,
  };
}
