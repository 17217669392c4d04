import type { ChatMessage, Sample } from './sample.js';

/**
 * The provider contract (DESIGN.md §5): an adapter turns one request into one SDK call
 * and the answer back, or throws a ProviderError with a class. Concurrency, rate
 * limits, retries, caching and budget live in the executor, never in an adapter.
 */
export const CALL_ERROR_CLASSES = [
  'rate_limit',
  'timeout',
  'server',
  'invalid_request',
  'auth',
  'content_filter',
  'parse',
] as const;
export type CallErrorClass = (typeof CALL_ERROR_CLASSES)[number];
export type CallStatus = 'ok' | CallErrorClass;

/** Structured output the caller wants back (the judge uses it; lanes never do). */
export interface StructuredOutput {
  name: string;
  description: string;
  /** JSON Schema of the object expected. */
  schema: Record<string, unknown>;
}

export interface ChatRequest {
  messages: ChatMessage[];
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  stop?: string[];
  /** OpenAI: json_schema response format; Anthropic: a forced tool; others: JSON in the text. */
  structured?: StructuredOutput;
}

export interface ProviderResult {
  text: string;
  inputTokens: number;
  outputTokens: number;
  finishReason: string;
  /** Tokens not reported by a provider but estimated from text length (recorded lanes). */
  estimated?: boolean;
  /** The parsed structured output, when one was requested and the provider returned it natively. */
  structured?: unknown;
}

export class ProviderError extends Error {
  constructor(
    readonly errorClass: CallErrorClass,
    message: string,
    readonly details: {
      status?: number;
      /** Server-suggested wait (retry-after / retry-after-ms), before the executor's cap. */
      retryAfterMs?: number;
      /** Retrying cannot help and the lane must stop (quota exhausted, bad key). */
      stopsLane?: boolean;
    } = {},
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

/** What an adapter may need beyond the request: `recorded` answers from the sample replayed in the lane. */
export interface CallContext {
  sample?: Sample;
  lane?: string;
}

export interface LaneProvider {
  /** `openai`, `anthropic`, `recorded`. */
  readonly provider: string;
  readonly model: string;
  complete(request: ChatRequest, signal: AbortSignal, context?: CallContext): Promise<ProviderResult>;
}
