import type { JsonSchemaJudgeSchema, LeafJudgeConfig, LlmJudgeConfig } from '../config/judge.js';
import type { z } from 'zod';
import { labelsJudge, type LaneNames } from './labels.js';
import { judgePairwise, judgeSingle, type JudgeCall, type Skipped } from './llm.js';
import { exactJudge, jsonSchemaJudge, numericJudge, regexJudge } from './rules.js';
import { similarityJudge, type EmbedTexts } from './similarity.js';
import { ruleToOutcome, type JudgeOutcome, type JudgePair, type RuleOutcome } from './types.js';

/** What judging needs beyond the pair: lane names for labels, a call path for LLM judges, an embedder for similarity. */
export interface JudgeDeps {
  lanes: LaneNames;
  /** The executor-bound call for an LLM judge; absent when no LLM judge is configured. */
  callFor?: (judge: LlmJudgeConfig) => JudgeCall;
  embed?: EmbedTexts;
}

/** Decides one pair with one (already tag-selected) judge. */
export async function judgePair(
  judge: LeafJudgeConfig,
  pair: JudgePair,
  pairHash: string,
  deps: JudgeDeps,
): Promise<JudgeOutcome | Skipped> {
  switch (judge.type) {
    case 'pairwise':
      return judgePairwise(judge, pair, pairHash, requireCall(deps, judge));
    case 'single':
      return judgeSingle(judge, pair.sample, pair.cheap, requireCall(deps, judge));
    case 'labels':
      return ruleToOutcome(labelsJudge(judge, deps.lanes, pair));
    case 'exact':
      return ruleToOutcome(exactJudge(judge, pair));
    case 'regex':
      return ruleToOutcome(regexJudge(judge, pair));
    case 'numeric':
      return ruleToOutcome(numericJudge(judge, pair));
    case 'json-schema':
      return ruleToOutcome(compiledJsonSchemaJudge(judge)(pair));
    case 'similarity':
      if (!deps.embed) throw new Error('similarity judge: no embedder was provided');
      return ruleToOutcome(await similarityJudge(judge, deps.embed, pair));
  }
}

function requireCall(deps: JudgeDeps, judge: LlmJudgeConfig): JudgeCall {
  if (!deps.callFor) throw new Error(`${judge.type} judge: no executor was provided for LLM calls`);
  return deps.callFor(judge);
}

// Compiling a JSON Schema is not free: once per configured judge.
const compiled = new WeakMap<object, (pair: JudgePair) => RuleOutcome>();

function compiledJsonSchemaJudge(judge: z.infer<typeof JsonSchemaJudgeSchema>): (pair: JudgePair) => RuleOutcome {
  let check = compiled.get(judge);
  if (!check) {
    check = jsonSchemaJudge(judge);
    compiled.set(judge, check);
  }
  return check;
}
