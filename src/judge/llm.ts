import type { z } from 'zod';
import type { PairwiseJudgeConfig, SingleJudgeConfig } from '../config/judge.js';
import type { ChatRequest } from '../domain/call.js';
import type { Sample } from '../domain/sample.js';
import type { CallOutcome, SkipReason } from '../exec/executor.js';
import { parseJudgeReply, PairwiseReplySchema, SingleReplySchema } from './parse.js';
import { buildPairwisePrompt, buildSinglePrompt, reaskMessages, type JudgePrompt } from './prompt.js';
import { rubricFor } from './select.js';
import { reconcile, seededOrder, verdictFromWinner, type Order } from './swap.js';
import { addUsage, NO_USAGE, type JudgeOutcome, type JudgePair, type JudgeUsage } from './types.js';

/**
 * The LLM judges. Every call goes through `call`, which the pipeline binds to an
 * executor pool (concurrency, rate limits, retries, budget); here is only what a judge
 * asks and how its reply becomes a verdict. A reply that does not parse is re-asked at
 * most `reasks` times, then the pair is an error: never a guessed verdict.
 */

/** One judge request through the executor. */
export type JudgeCall = (request: ChatRequest) => Promise<CallOutcome>;

/** The executor declined to call (budget, interrupt, stopped pool): nothing to store. */
export interface Skipped {
  status: 'skipped';
  reason: SkipReason;
  usage: JudgeUsage;
}

export async function judgePairwise(
  judge: PairwiseJudgeConfig,
  pair: JudgePair,
  pairHash: string,
  call: JudgeCall,
): Promise<JudgeOutcome | Skipped> {
  const cheap = pair.cheap;
  const strong = pair.strong;
  if (cheap === undefined || strong === undefined) {
    return { status: 'error', errorClass: 'missing', message: `no ${cheap === undefined ? 'cheap' : 'strong'} answer to judge`, raw: [], usage: NO_USAGE };
  }
  const orders: Order[] = judge.swap ? ['cheap_first', 'strong_first'] : [seededOrder(judge.seed, pairHash)];
  const replies = await Promise.all(
    orders.map((order) => {
      const prompt = buildPairwisePrompt({
        sample: pair.sample,
        answerA: order === 'cheap_first' ? cheap : strong,
        answerB: order === 'cheap_first' ? strong : cheap,
        rubric: rubricFor(judge, pair.sample.tag),
        limits: judge,
      });
      return ask(judge, prompt, PairwiseReplySchema, call);
    }),
  );
  const combined = combine(replies);
  if (combined.status !== 'ok') return combined;
  const verdicts = combined.values.map((reply, i) => verdictFromWinner(reply.winner, orders[i] as Order));
  const reasons = combined.values.map((reply) => reply.reason);
  if (verdicts.length === 1) {
    return { status: 'ok', verdict: verdicts[0]!, reason: reasons[0]!, raw: combined.raw, usage: combined.usage };
  }
  const { verdict, consistent } = reconcile(verdicts[0]!, verdicts[1]!);
  return {
    status: 'ok',
    verdict,
    consistent,
    reason: consistent ? reasons[0]! : `orders disagree (${verdicts[0]} then ${verdicts[1]}): ${reasons[0]} / ${reasons[1]}`,
    raw: combined.raw,
    usage: combined.usage,
  };
}

/** The single judge on the cheap answer alone; as a verdict, acceptable is a tie and not acceptable cheap_worse. */
export async function judgeSingle(
  judge: SingleJudgeConfig,
  sample: Sample,
  answer: string | undefined,
  call: JudgeCall,
): Promise<JudgeOutcome | Skipped> {
  if (answer === undefined) return { status: 'error', errorClass: 'missing', message: 'no cheap answer to judge', raw: [], usage: NO_USAGE };
  const prompt = buildSinglePrompt({ sample, answer, rubric: rubricFor(judge, sample.tag), limits: judge });
  const reply = await ask(judge, prompt, SingleReplySchema, call);
  if (reply.status !== 'ok') return reply;
  const value = reply.value;
  return {
    status: 'ok',
    verdict: value.acceptable ? 'tie' : 'cheap_worse',
    acceptable: value.acceptable,
    confidence: value.confidence,
    reason: value.reason,
    raw: reply.raw,
    usage: reply.usage,
  };
}

type Asked<T> =
  | { status: 'ok'; value: T; raw: string[]; usage: JudgeUsage }
  | Extract<JudgeOutcome, { status: 'error' }>
  | Skipped;

async function ask<T>(
  judge: PairwiseJudgeConfig | SingleJudgeConfig,
  prompt: JudgePrompt,
  schema: z.ZodType<T>,
  call: JudgeCall,
): Promise<Asked<T>> {
  const raw: string[] = [];
  let usage = NO_USAGE;
  let messages = prompt.messages;
  let lastError = '';
  for (let attempt = 0; attempt <= judge.reasks; attempt++) {
    const outcome = await call({
      messages,
      maxOutputTokens: judge.maxOutputTokens,
      temperature: judge.temperature,
      structured: judge.structuredOutput ? prompt.structured : undefined,
    });
    if (outcome.kind === 'skipped') return { status: 'skipped', reason: outcome.reason, usage };
    if (outcome.kind === 'error') {
      usage = addUsage(usage, { calls: outcome.shared ? 0 : 1, inputTokens: 0, outputTokens: 0, costUsd: 0 });
      // An adapter that could not decode the structured output is a parse failure like any other: re-ask.
      if (outcome.errorClass !== 'parse') return { status: 'error', errorClass: outcome.errorClass, message: outcome.message, raw, usage };
      raw.push(outcome.message);
      lastError = outcome.message;
      messages = reaskMessages(prompt);
      continue;
    }
    const result = outcome.result;
    usage = addUsage(
      usage,
      outcome.shared
        ? NO_USAGE
        : { calls: 1, inputTokens: result.inputTokens, outputTokens: result.outputTokens, costUsd: outcome.costUsd ?? 0 },
    );
    raw.push(result.text);
    const parsed = parseJudgeReply(schema, result);
    if (parsed.ok) return { status: 'ok', value: parsed.value, raw, usage };
    lastError = parsed.error;
    messages = reaskMessages(prompt);
  }
  return { status: 'error', errorClass: 'parse', message: `${lastError} (after ${judge.reasks + 1} tries)`, raw, usage };
}

/** Both orders' replies as one: any skip or error wins, and the raw replies and usage add up. */
function combine<T>(
  replies: Asked<T>[],
): { status: 'ok'; values: T[]; raw: string[]; usage: JudgeUsage } | Extract<JudgeOutcome, { status: 'error' }> | Skipped {
  const raw = replies.flatMap((r) => ('raw' in r ? r.raw : []));
  const usage = replies.reduce((sum, r) => addUsage(sum, r.usage), NO_USAGE);
  const skipped = replies.find((r) => r.status === 'skipped');
  if (skipped) return { ...skipped, usage };
  const failed = replies.find((r) => r.status === 'error');
  if (failed && failed.status === 'error') return { ...failed, raw, usage };
  return { status: 'ok', values: replies.map((r) => (r as { value: T }).value), raw, usage };
}
