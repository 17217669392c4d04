import type { CallErrorClass } from '../domain/call.js';
import type { Sample } from '../domain/sample.js';
import type { Verdict } from '../domain/verdict.js';

/** One pair to judge: a sample and the two lanes' answers (absent when a lane has no text, e.g. label-only benchmarks). */
export interface JudgePair {
  sample: Sample;
  cheap: string | undefined;
  strong: string | undefined;
}

/** What a judge's calls cost; zero for rules and labels. */
export interface JudgeUsage {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export const NO_USAGE: JudgeUsage = { calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };

export function addUsage(a: JudgeUsage, b: JudgeUsage): JudgeUsage {
  return {
    calls: a.calls + b.calls,
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    costUsd: a.costUsd + b.costUsd,
  };
}

/**
 * Why a pair got no verdict. `parse`: the judge never returned a reply matching the
 * schema; `missing`: the pair lacks what this judge needs (a reference, a label, an
 * answer); the others are the provider call classes of src/domain/call.ts.
 */
export type JudgeErrorClass = CallErrorClass | 'missing';

export type JudgeOutcome =
  | {
      status: 'ok';
      verdict: Verdict;
      reason: string;
      /** Pairwise judged in both orders: whether the two orders agreed. */
      consistent?: boolean;
      /** Single judge: its view of the cheap answer. */
      acceptable?: boolean;
      confidence?: number;
      /** Every raw judge reply, in call order (both orders for a swapped pairwise judge). */
      raw: string[];
      usage: JudgeUsage;
    }
  | { status: 'error'; errorClass: JudgeErrorClass; message: string; raw: string[]; usage: JudgeUsage };

/** A rule or label judge's verdict, or why it could not give one. */
export type RuleOutcome = { status: 'ok'; verdict: Verdict; reason: string } | { status: 'error'; message: string };

export function ruleToOutcome(rule: RuleOutcome): JudgeOutcome {
  return rule.status === 'ok'
    ? { status: 'ok', verdict: rule.verdict, reason: rule.reason, raw: [], usage: NO_USAGE }
    : { status: 'error', errorClass: 'missing', message: rule.message, raw: [], usage: NO_USAGE };
}
