import OpenAI from 'openai';
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import type { z } from 'zod';
import type { OpenAILaneSchema } from '../config/lanes.js';
import { ProviderError, type ChatRequest, type LaneProvider, type ProviderResult } from '../domain/call.js';
import { classifySdkError } from './errors.js';
import { estimateTokens } from './pricing.js';
import { apiKeyFrom } from './keys.js';

export type OpenAILane = z.infer<typeof OpenAILaneSchema>;

/** A client for one lane or embedder: one retry layer only (ours), so `maxRetries: 0`. */
export function createOpenAIClient(
  settings: { apiKeyEnv: string; baseURL?: string; timeoutMs: number },
  env: NodeJS.ProcessEnv,
  owner: string,
): { client: OpenAI; apiKey: string } {
  const apiKey = apiKeyFrom(env, settings.apiKeyEnv, owner, settings.baseURL !== undefined);
  const client = new OpenAI({ apiKey, baseURL: settings.baseURL, maxRetries: 0, timeout: settings.timeoutMs });
  return { client, apiKey };
}

/** Chat completions through the official SDK; `baseURL` reaches any OpenAI-compatible server. */
export function createOpenAIProvider(lane: OpenAILane, env: NodeJS.ProcessEnv, laneName: string): LaneProvider {
  const { client, apiKey } = createOpenAIClient(lane, env, `lane "${laneName}"`);
  return {
    provider: 'openai',
    model: lane.model,
    async complete(request, signal) {
      let completion: ChatCompletion;
      try {
        completion = await client.chat.completions.create(toParams(lane, request), { signal });
      } catch (error) {
        throw classifyOpenAIError(error, apiKey);
      }
      return fromCompletion(completion, request);
    },
  };
}

function toParams(lane: OpenAILane, request: ChatRequest): ChatCompletionCreateParamsNonStreaming {
  const params: ChatCompletionCreateParamsNonStreaming = {
    model: lane.model,
    messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
    temperature: request.temperature,
    top_p: request.topP,
    stop: request.stop,
  };
  // api.openai.com's reasoning models only accept max_completion_tokens; compatible servers know max_tokens.
  if (request.maxOutputTokens !== undefined) {
    if (lane.baseURL === undefined) params.max_completion_tokens = request.maxOutputTokens;
    else params.max_tokens = request.maxOutputTokens;
  }
  if (request.structured) {
    params.response_format = {
      type: 'json_schema',
      json_schema: {
        name: request.structured.name,
        description: request.structured.description,
        schema: request.structured.schema,
      },
    };
  }
  return params;
}

function fromCompletion(completion: ChatCompletion, request: ChatRequest): ProviderResult {
  const choice = completion.choices?.[0];
  if (!choice?.message) throw new ProviderError('parse', 'response has no choices');
  const finishReason = choice.finish_reason ?? 'unknown';
  if (finishReason === 'content_filter' || choice.message.refusal) {
    throw new ProviderError('content_filter', choice.message.refusal ?? 'finish_reason content_filter');
  }
  const text = choice.message.content ?? '';
  const usage = completion.usage;
  const result: ProviderResult = {
    text,
    inputTokens: usage?.prompt_tokens ?? estimateTokens(request.messages.map((m) => m.content).join('\n')),
    outputTokens: usage?.completion_tokens ?? estimateTokens(text),
    finishReason,
    estimated: usage === undefined || usage === null ? true : undefined,
  };
  if (request.structured) result.structured = parseJson(text);
  return result;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ProviderError('parse', `structured output is not valid JSON: ${text.slice(0, 200)}`);
  }
}

/** SDK failures as classified ProviderErrors; a user abort passes through for the executor. */
export function classifyOpenAIError(error: unknown, apiKey: string): unknown {
  return classifySdkError(error, apiKey, OpenAI, (e) => [e.code, e.type]);
}
