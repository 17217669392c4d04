import type { z } from 'zod';
import type { SimilarityJudgeSchema } from '../config/judge.js';
import { cosine } from '../domain/vectors.js';
import { judgeAgainstTarget, targetOf } from './rules.js';
import type { JudgePair, RuleOutcome } from './types.js';

type SimilarityJudge = z.infer<typeof SimilarityJudgeSchema>;

/** Embeds texts in order; the embedder contract of src/embed/embedder.ts. */
export type EmbedTexts = (texts: readonly string[]) => Promise<ArrayLike<number>[]>;

/**
 * The cheap answer passes when its cosine with the target (the reference, or the
 * strong answer) under the configured embedder reaches the threshold.
 */
export async function similarityJudge(
  judge: Pick<SimilarityJudge, 'against' | 'threshold'>,
  embed: EmbedTexts,
  pair: JudgePair,
): Promise<RuleOutcome> {
  const texts = [pair.cheap, pair.strong, targetOf(judge.against, pair) === 'reference' ? pair.sample.reference : undefined]
    .filter((t): t is string => t !== undefined);
  const unique = [...new Set(texts)];
  const vectors = unique.length ? await embed(unique) : [];
  const vectorOf = new Map(unique.map((text, i) => [text, vectors[i]]));
  let lastCosine = Number.NaN;
  const outcome = judgeAgainstTarget(judge.against, pair, `cosine ≥ ${judge.threshold}`, (answer, target) => {
    const a = vectorOf.get(answer);
    const b = vectorOf.get(target);
    if (!a || !b) return { error: 'the embedder returned no vector' };
    lastCosine = cosine(a, b);
    return lastCosine >= judge.threshold;
  });
  // Against the strong answer there is one cosine: say it, it is what the threshold was compared with.
  return outcome.status === 'ok' && targetOf(judge.against, pair) === 'strong'
    ? { ...outcome, reason: `${outcome.reason} (cosine ${lastCosine.toFixed(3)})` }
    : outcome;
}

export { cosine };
