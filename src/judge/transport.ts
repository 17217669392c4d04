import type { LlmJudgeConfig } from '../config/judge.js';
import { LaneSchema } from '../config/lanes.js';
import { contentHash } from '../domain/hash.js';
import type { Executor } from '../exec/executor.js';
import { estimateInputTokens, publicBaseURL } from '../providers/laneRequest.js';
import { resolvePricing } from '../providers/pricing.js';
import { createLaneProvider } from '../providers/registry.js';
import type { JudgeCall } from './llm.js';

/**
 * Binds LLM judges to the executor: one pool per judge endpoint and model (its own
 * concurrency and rate limits, separate from the lanes', sharing the budget), calls
 * made through the same provider adapters as the lanes (structured output included).
 */
export function judgeCallFactory(executor: Executor, env: NodeJS.ProcessEnv): (judge: LlmJudgeConfig) => JudgeCall {
  const calls = new Map<string, JudgeCall>();
  return (judge) => {
    const endpoint = publicBaseURL(judge.baseURL);
    const key = `${judge.provider} ${endpoint ?? ''} ${judge.model}`;
    const existing = calls.get(key);
    if (existing) return existing;
    const name = `judge ${judge.model}`;
    // The lane adapters take a lane config: the judge's connection settings in that shape.
    const provider = createLaneProvider(
      name,
      LaneSchema.parse({
        provider: judge.provider,
        model: judge.model,
        baseURL: judge.baseURL,
        apiKeyEnv: judge.apiKeyEnv,
        timeoutMs: judge.timeoutMs,
      }),
      env,
    );
    const pool = executor.pool(name, {
      concurrency: judge.concurrency,
      rpm: judge.rpm,
      tpm: judge.tpm,
      pricing: resolvePricing(judge.model, judge.pricing),
    });
    const call: JudgeCall = (request) =>
      pool.run({
        requestHash: contentHash({ judge: key, request }),
        inputTokens: estimateInputTokens(request),
        maxOutputTokens: request.maxOutputTokens ?? judge.maxOutputTokens,
        call: (signal) => provider.complete(request, signal),
      });
    calls.set(key, call);
    return call;
  };
}
