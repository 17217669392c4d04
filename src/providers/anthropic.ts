import Anthropic from '@anthropic-ai/sdk';
import type { Message, MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages';
import type { z } from 'zod';
import type { AnthropicLaneSchema } from '../config/lanes.js';
import { ProviderError, type ChatRequest, type LaneProvider, type ProviderResult } from '../domain/call.js';
import { classifySdkError } from './errors.js';
import { apiKeyFrom } from './keys.js';

export type AnthropicLane = z.infer<typeof AnthropicLaneSchema>;

/** The Messages API requires max_tokens; this is the default when a lane sets none. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 1024;

/** Messages through the official SDK; system turns go to the top-level `system` parameter. */
export function createAnthropicProvider(lane: AnthropicLane, env: NodeJS.ProcessEnv, laneName: string): LaneProvider {
  const apiKey = apiKeyFrom(env, lane.apiKeyEnv, `lane "${laneName}"`, lane.baseURL !== undefined);
  const client = new Anthropic({ apiKey, baseURL: lane.baseURL, maxRetries: 0, timeout: lane.timeoutMs });
  return {
    provider: 'anthropic',
    model: lane.model,
    async complete(request, signal) {
      let message: Message;
      try {
        message = await client.messages.create(toParams(lane, request), { signal });
      } catch (error) {
        throw anthropicError(error, apiKey);
      }
      return fromMessage(message, request);
    },
  };
}

// This SDK release no longer types temperature/top_p; the Messages API still takes them for the models that allow them.
type SamplingParams = MessageCreateParamsNonStreaming & { temperature?: number; top_p?: number };

function toParams(lane: AnthropicLane, request: ChatRequest): SamplingParams {
  const system = request.messages.filter((m) => m.role === 'system').map((m) => m.content);
  const params: SamplingParams = {
    model: lane.model,
    max_tokens: request.maxOutputTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
    messages: request.messages
      .filter((m) => m.role !== 'system')
      .map((m) => ({ role: m.role === 'assistant' ? 'assistant' : 'user', content: m.content })),
    temperature: request.temperature,
    top_p: request.topP,
    stop_sequences: request.stop,
  };
  if (system.length) params.system = system.join('\n\n');
  if (request.structured) {
    const { name, description, schema } = request.structured;
    params.tools = [{ name, description, input_schema: { type: 'object', ...schema } }];
    params.tool_choice = { type: 'tool', name };
  }
  return params;
}

function fromMessage(message: Message, request: ChatRequest): ProviderResult {
  if (!Array.isArray(message.content)) throw new ProviderError('parse', 'response has no content');
  const finishReason = message.stop_reason ?? 'unknown';
  if (finishReason === 'refusal') throw new ProviderError('content_filter', 'stop_reason refusal');
  const result: ProviderResult = {
    text: message.content.map((block) => (block.type === 'text' ? block.text : '')).join(''),
    inputTokens: message.usage?.input_tokens ?? 0,
    outputTokens: message.usage?.output_tokens ?? 0,
    finishReason,
  };
  if (request.structured) {
    const tool = message.content.find((block) => block.type === 'tool_use');
    if (!tool || tool.type !== 'tool_use') throw new ProviderError('parse', 'structured output: no tool_use block in the response');
    result.structured = tool.input;
    result.text = JSON.stringify(tool.input);
  }
  return result;
}

function anthropicError(error: unknown, apiKey: string): unknown {
  return classifySdkError(error, apiKey, Anthropic, (e) => [e.errorCode, e.type]);
}
