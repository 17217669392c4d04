import { describe, expect, it } from 'vitest';
import { LaneSchema } from '../../src/config/lanes.js';
import { ProviderError } from '../../src/domain/call.js';
import type { Sample } from '../../src/domain/sample.js';
import { classifyHttpFailure, parseRetryAfter } from '../../src/providers/errors.js';
import { laneRequest, laneRequestHash } from '../../src/providers/laneRequest.js';
import { resolvePricing } from '../../src/providers/pricing.js';
import { createLaneProvider } from '../../src/providers/registry.js';
import { useFakeUpstream } from '../fixtures/useFakeUpstream.js';

const upstream = useFakeUpstream();


const signal = new AbortController().signal;
const sample = (over: Partial<Sample> = {}): Sample => ({
  id: 's1',
  contentHash: 'c1',
  prompt: 'What is 2+2?',
  system: 'Be brief.',
  segments: {},
  responses: {},
  labels: {},
  ...over,
});

describe('anthropic adapter', () => {
  const lane = LaneSchema.parse({ provider: 'anthropic', model: 'claude-3-5-haiku-latest', maxOutputTokens: 64 });
  const onUpstream = () => LaneSchema.parse({ provider: 'anthropic', model: 'claude-3-5-haiku-latest', maxOutputTokens: 64, baseURL: upstream().anthropicBaseURL });

  it('sends system turns as the top-level system parameter, with the key from the named env var', async () => {
    const provider = createLaneProvider('cheap', onUpstream(), { ANTHROPIC_API_KEY: 'sk-ant-test-1' });
    const result = await provider.complete(laneRequest(sample(), lane), signal);
    const [request] = upstream().requests;
    expect(request!.body.system).toBe('Be brief.');
    expect((request!.body.messages as { role: string }[]).map((m) => m.role)).toEqual(['user']);
    expect(request!.body.max_tokens).toBe(64);
    // This SDK release sends the key as a bearer token; older ones used x-api-key.
    expect(`${request!.headers['x-api-key'] ?? ''} ${request!.headers.authorization ?? ''}`).toContain('sk-ant-test-1');
    expect(result).toMatchObject({ finishReason: 'end_turn', text: expect.stringContaining('What is 2+2?') });
    expect(result.inputTokens).toBeGreaterThan(0);
  });

  it('returns structured output from a forced tool', async () => {
    upstream().setHandler(() => ({ kind: 'ok', json: { winner: 'A' } }));
    const provider = createLaneProvider('judge', onUpstream(), {});
    const result = await provider.complete(
      { messages: [{ role: 'user', content: 'judge' }], structured: { name: 'verdict', description: 'the verdict', schema: { properties: { winner: { type: 'string' } } } } },
      signal,
    );
    expect(result.structured).toEqual({ winner: 'A' });
    expect(upstream().requests[0]!.body.tool_choice).toEqual({ type: 'tool', name: 'verdict' });
  });

  it('maps a 529 overload to a retryable server error and a refusal to content_filter', async () => {
    const provider = createLaneProvider('cheap', onUpstream(), {});
    upstream().setHandler(() => ({ kind: 'status', status: 529 }));
    await expect(provider.complete({ messages: [{ role: 'user', content: 'x' }] }, signal)).rejects.toMatchObject({ errorClass: 'server' });
    upstream().setHandler(() => ({ kind: 'ok', finishReason: 'refusal' }));
    await expect(provider.complete({ messages: [{ role: 'user', content: 'x' }] }, signal)).rejects.toMatchObject({ errorClass: 'content_filter' });
  });
});

describe('openai adapter', () => {
  it('applies the lane system override and parameters, and classifies content_filter', async () => {
    const lane = LaneSchema.parse({ provider: 'openai', model: 'gpt-4o-mini', baseURL: upstream().openaiBaseURL, system: 'Lane system', temperature: 0.2, stop: ['END'], maxOutputTokens: 32 });
    const provider = createLaneProvider('cheap', lane, { OPENAI_API_KEY: 'sk-test-2' });
    await provider.complete(laneRequest(sample(), lane), signal);
    const body = upstream().requests[0]!.body;
    expect(body.messages).toEqual([
      { role: 'system', content: 'Lane system' },
      { role: 'user', content: 'What is 2+2?' },
    ]);
    expect(body).toMatchObject({ temperature: 0.2, stop: ['END'], max_tokens: 32 });
    upstream().setHandler(() => ({ kind: 'ok', finishReason: 'content_filter' }));
    await expect(provider.complete(laneRequest(sample(), lane), signal)).rejects.toMatchObject({ errorClass: 'content_filter' });
  });

  it('needs its key env var unless a custom endpoint is set', () => {
    const lane = LaneSchema.parse({ provider: 'openai', model: 'gpt-4o' });
    expect(() => createLaneProvider('strong', lane, {})).toThrow(/OPENAI_API_KEY is not set/);
  });

  it('redacts the key when a server echoes it in an error message', async () => {
    const key = 'sk-test-echoed-key-123456';
    upstream().setHandler(() => ({ kind: 'status', status: 401, message: `Incorrect API key provided: ${key}` }));
    const lane = LaneSchema.parse({ provider: 'openai', model: 'gpt-4o', baseURL: upstream().openaiBaseURL });
    const error = await createLaneProvider('strong', lane, { OPENAI_API_KEY: key })
      .complete({ messages: [{ role: 'user', content: 'x' }] }, signal)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).message).not.toContain(key);
    expect((error as ProviderError).details.stopsLane).toBe(true);
  });
});

describe('recorded adapter', () => {
  const lane = LaneSchema.parse({ provider: 'recorded', model: 'gpt-4o-mini' });
  const provider = createLaneProvider('cheap', lane, {});

  it('answers from responses[lane] with estimated tokens', async () => {
    const s = sample({ responses: { cheap: 'Four.' } });
    const result = await provider.complete(laneRequest(s, lane), signal, { sample: s, lane: 'cheap' });
    expect(result).toEqual({ text: 'Four.', inputTokens: expect.any(Number), outputTokens: 2, finishReason: 'recorded', estimated: true });
  });

  it('is a per-sample invalid_request error when the answer is missing, and label-only when only a label exists', async () => {
    const missing = sample({ id: 'no-answer' });
    await expect(provider.complete(laneRequest(missing, lane), signal, { sample: missing })).rejects.toThrow(
      /sample "no-answer" has no recorded answer for lane "cheap"/,
    );
    const labelled = sample({ labels: { cheap: true } });
    await expect(provider.complete(laneRequest(labelled, lane), signal, { sample: labelled })).resolves.toMatchObject({ finishReason: 'label_only', text: '' });
  });
});

describe('classification, pricing and request hashes', () => {
  it('reads retry-after-ms, retry-after seconds and HTTP dates', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(250);
    expect(parseRetryAfter(new Headers({ 'retry-after': '2' }))).toBe(2000);
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:05 GMT' }), now)).toBe(5000);
    expect(parseRetryAfter(new Headers())).toBeUndefined();
  });

  it.each([
    [429, [], 'rate_limit', false],
    [429, ['insufficient_quota'], 'rate_limit', true],
    [401, [], 'auth', true],
    [403, [], 'auth', true],
    [408, [], 'timeout', false],
    [409, [], 'server', false],
    [503, [], 'server', false],
    [400, ['content_filter'], 'content_filter', false],
    [400, [], 'invalid_request', false],
  ] as const)('HTTP %i %j → %s (stops lane: %s)', (status, codes, errorClass, stopsLane) => {
    const error = classifyHttpFailure({ status, codes: [...codes], message: 'x' });
    expect(error.errorClass).toBe(errorClass);
    expect(error.details.stopsLane).toBe(stopsLane);
  });

  it('prices dated snapshots by their base model, and lane pricing wins', () => {
    expect(resolvePricing('gpt-4o-mini-2024-07-18')).toEqual({ inputPerMTok: 0.15, outputPerMTok: 0.6 });
    expect(resolvePricing('gpt-4o-2024-08-06')).toEqual({ inputPerMTok: 2.5, outputPerMTok: 10 });
    expect(resolvePricing('claude-3-5-sonnet-20241022')?.inputPerMTok).toBe(3);
    expect(resolvePricing('my-local-llama')).toBeUndefined();
    expect(resolvePricing('gpt-4o', { inputPerMTok: 1, outputPerMTok: 2 })).toEqual({ inputPerMTok: 1, outputPerMTok: 2 });
  });

  it('keys requests on output-changing fields only: not timeouts, limits, key names or endpoint credentials', () => {
    const base = { provider: 'openai', model: 'gpt-4o', baseURL: 'https://u:p@llm.example/v1' };
    const hash = (over: Record<string, unknown>): string => {
      const lane = LaneSchema.parse({ ...base, ...over });
      return laneRequestHash('cheap', lane, laneRequest(sample(), lane), sample());
    };
    const reference = hash({});
    expect(hash({ timeoutMs: 5, concurrency: 99, rpm: 5, apiKeyEnv: 'OTHER_KEY', baseURL: 'https://llm.example/v1/' })).toBe(reference);
    expect(hash({ temperature: 0.5 })).not.toBe(reference);
    expect(hash({ model: 'gpt-4o-mini' })).not.toBe(reference);
    expect(hash({ system: 'other' })).not.toBe(reference);
  });
});
