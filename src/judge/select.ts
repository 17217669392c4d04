import { publicBaseURL } from '../providers/laneRequest.js';
import type { JudgeConfig, LeafJudgeConfig, LlmJudgeConfig, SingleJudgeConfig } from '../config/judge.js';
import { contentHash } from '../domain/hash.js';
import type { LaneNames } from './labels.js';
import { DEFAULT_PAIRWISE_RUBRIC, DEFAULT_SINGLE_RUBRIC } from './prompt.js';
import type { JudgePair } from './types.js';

/**
 * Which judge decides a sample, and the judge's identity for the verdict store.
 * Bump JUDGE_SPEC_VERSION whenever prompts or rule semantics change, so stored
 * verdicts of the old judge are not reused for the new one.
 */
export const JUDGE_SPEC_VERSION = 1;

/** The judge for a sample's tag: its `tags` entry under `by-tag`, else the default. */
export function judgeForTag(config: JudgeConfig, tag: string | undefined): LeafJudgeConfig {
  if (config.type !== 'by-tag') return config;
  return (tag !== undefined ? config.tags[tag] : undefined) ?? config.default;
}

/** The cascade's single judge for a tag: the tag's judge's own, else the section's. */
export function singleJudgeForTag(config: JudgeConfig, tag: string | undefined): SingleJudgeConfig | undefined {
  const leaf = judgeForTag(config, tag);
  if (leaf.type === 'single') return undefined;
  return leaf.single ?? (config.type === 'by-tag' ? config.single : undefined);
}

export function rubricFor(judge: LlmJudgeConfig, tag: string | undefined): string {
  const fallback = judge.type === 'pairwise' ? DEFAULT_PAIRWISE_RUBRIC : DEFAULT_SINGLE_RUBRIC;
  return (tag !== undefined ? judge.rubrics[tag] : undefined) ?? judge.rubric ?? fallback;
}

export interface IdentityContext {
  lanes: LaneNames;
  /** contentHash of the embedder spec, for the similarity judge. */
  embedderHash?: string;
}

/**
 * Exactly what changes a judge's verdicts on a sample with this tag: not limits,
 * pricing, keys or the rubrics of other tags, so tuning those re-judges nothing.
 */
export function judgeIdentity(judge: LeafJudgeConfig, tag: string | undefined, context: IdentityContext): Record<string, unknown> {
  switch (judge.type) {
    case 'pairwise':
    case 'single':
      return {
        type: judge.type,
        provider: judge.provider,
        model: judge.model,
        baseURL: publicBaseURL(judge.baseURL) ?? null,
        maxOutputTokens: judge.maxOutputTokens,
        temperature: judge.temperature,
        rubric: rubricFor(judge, tag),
        maxAnswerChars: judge.maxAnswerChars,
        maxConversationChars: judge.maxConversationChars,
        structuredOutput: judge.structuredOutput,
        ...(judge.type === 'pairwise' ? { swap: judge.swap, seed: judge.swap ? null : judge.seed } : {}),
      };
    case 'labels':
      return {
        type: judge.type,
        cheapLabel: judge.cheapLabel ?? context.lanes.cheap,
        strongLabel: judge.strongLabel ?? context.lanes.strong,
        tieMargin: judge.tieMargin,
      };
    case 'similarity':
      return { type: judge.type, against: judge.against, threshold: judge.threshold, embedder: context.embedderHash ?? null };
    default: {
      const { single: _single, ...rule } = judge;
      return rule;
    }
  }
}

export function judgeSpecHash(judge: LeafJudgeConfig, tag: string | undefined, context: IdentityContext): string {
  return contentHash({ version: JUDGE_SPEC_VERSION, judge: judgeIdentity(judge, tag, context) });
}

/** The pair's content address: the sample's content and both answers. */
export function pairHash(pair: JudgePair): string {
  return contentHash({ sample: pair.sample.contentHash, cheap: pair.cheap ?? null, strong: pair.strong ?? null });
}
