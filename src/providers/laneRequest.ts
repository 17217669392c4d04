import type { LaneConfig } from '../config/lanes.js';
import type { ChatRequest } from '../domain/call.js';
import { contentHash } from '../domain/hash.js';
import { conversationOf, type ChatMessage, type Sample } from '../domain/sample.js';
import { ANTHROPIC_DEFAULT_MAX_TOKENS } from './anthropic.js';
import { estimateTokens } from './pricing.js';

/** Output bound assumed for the budget when an OpenAI lane sets no maxOutputTokens. */
export const UNBOUNDED_OUTPUT_ESTIMATE = 4096;

/** Version of the request-hash recipe: bump it when the recipe changes so old cache entries stop matching. */
const REQUEST_HASH_VERSION = 1;

/** The request a lane sends for a sample: the sample's conversation, its system prompt replaced by the lane's when set. */
export function laneRequest(sample: Sample, lane: LaneConfig): ChatRequest {
  let messages: ChatMessage[] = conversationOf(sample);
  if (lane.system !== undefined) {
    messages = [{ role: 'system', content: lane.system }, ...messages.filter((m) => m.role !== 'system')];
  }
  return {
    messages,
    maxOutputTokens: effectiveMaxOutputTokens(lane),
    temperature: lane.temperature,
    topP: lane.topP,
    stop: lane.stop,
  };
}

export function effectiveMaxOutputTokens(lane: LaneConfig): number | undefined {
  return lane.maxOutputTokens ?? (lane.provider === 'anthropic' ? ANTHROPIC_DEFAULT_MAX_TOKENS : undefined);
}

/** Estimated input tokens of a request (about four characters per token, plus a few per message). */
export function estimateInputTokens(request: ChatRequest): number {
  return request.messages.reduce((sum, m) => sum + 4 + estimateTokens(m.content), 0);
}

/**
 * An endpoint without credentials (user, password, query such as `?api-key=`, fragment)
 * or trailing slash: safe to store and stable as part of a cache key.
 */
export function publicBaseURL(baseURL: string | undefined): string | undefined {
  if (baseURL === undefined) return undefined;
  const url = new URL(baseURL);
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/+$/, '');
}

/**
 * The cache key of a lane call: provider, endpoint, model, every parameter that changes
 * the output, and the messages; never timeouts, limits or keys. A recorded answer
 * depends on the sample itself, so its key is the lane and the sample's content.
 */
export function laneRequestHash(laneName: string, lane: LaneConfig, request: ChatRequest, sample: Sample): string {
  if (lane.provider === 'recorded') {
    return contentHash({ v: REQUEST_HASH_VERSION, provider: 'recorded', lane: laneName, model: lane.model, sample: sample.contentHash });
  }
  return contentHash({
    v: REQUEST_HASH_VERSION,
    provider: lane.provider,
    baseURL: publicBaseURL(lane.baseURL),
    model: lane.model,
    messages: request.messages,
    maxOutputTokens: request.maxOutputTokens,
    temperature: request.temperature,
    topP: request.topP,
    stop: request.stop,
  });
}
