import { contentHash } from '../domain/hash.js';
import { SampleInputSchema, requestText, type Sample } from '../domain/sample.js';
import { describeIssue } from '../domain/zodIssues.js';

export type Validated = { ok: true; sample: Sample } | { ok: false; field: string; reason: string };

/** Length of the id derived from the content hash when a row has none: 64 bits, collision-free in practice. */
const DERIVED_ID_LENGTH = 16;

// ISO 8601 calendar date, optionally with a time and an offset; a missing offset means UTC.
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * Validates a canonical candidate and returns the sample to store, or the first problem
 * as field + reason. Nothing is truncated or altered to make a row pass.
 */
export function validateSample(candidate: Record<string, unknown>, limits: { maxPromptChars: number }): Validated {
  const parsed = SampleInputSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    if (issue.code === 'unrecognized_keys') {
      const field = [...issue.path, issue.keys[0] ?? ''].map(String).join('.');
      return { ok: false, field, reason: `not a canonical field (found keys: ${issue.keys.join(', ')}); map it with --map` };
    }
    const { field, message } = describeIssue(issue);
    return { ok: false, field, reason: message };
  }
  const input = parsed.data;
  if (input.prompt !== undefined && input.messages !== undefined) {
    return { ok: false, field: 'prompt', reason: 'both prompt and messages are given; a sample has one or the other' };
  }
  if (input.prompt === undefined && input.messages === undefined) {
    return { ok: false, field: 'prompt', reason: 'missing: a sample needs a prompt or messages' };
  }
  if (input.prompt !== undefined && input.prompt.trim() === '') {
    return { ok: false, field: 'prompt', reason: 'empty prompt' };
  }
  if (input.messages !== undefined && !input.messages.some((m) => m.role === 'user' && m.content.trim() !== '')) {
    return { ok: false, field: 'messages', reason: 'no non-empty user turn' };
  }
  const length = requestText(input).length;
  if (length > limits.maxPromptChars) {
    return {
      ok: false,
      field: input.prompt !== undefined ? 'prompt' : 'messages',
      reason: `${length} characters, over the limit of ${limits.maxPromptChars} (--max-prompt-chars); not truncated`,
    };
  }
  let timestamp: string | undefined;
  if (input.timestamp !== undefined) {
    timestamp = normaliseTimestamp(input.timestamp);
    if (timestamp === undefined) {
      return { ok: false, field: 'timestamp', reason: `expected an ISO 8601 date-time, found "${input.timestamp}"` };
    }
  }
  const { id, ...content } = { ...input, timestamp };
  const body = {
    ...content,
    segments: input.segments ?? {},
    responses: input.responses ?? {},
    labels: input.labels ?? {},
  };
  // A given id is part of the content: two logged requests with the same text are two
  // requests (traffic share counts both), while re-ingesting the same row stays a no-op.
  const hash = contentHash({ id, ...body });
  return { ok: true, sample: { id: id ?? hash.slice(0, DERIVED_ID_LENGTH), contentHash: hash, ...body } };
}

/** An ISO 8601 string as a UTC ISO date-time, or undefined when it is not one. */
function normaliseTimestamp(text: string): string | undefined {
  const trimmed = text.trim();
  if (!ISO_8601.test(trimmed)) return undefined;
  const withT = trimmed.replace(' ', 'T').replace(',', '.');
  const hasOffset = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(withT);
  const isDateOnly = !withT.includes('T');
  const date = new Date(isDateOnly ? `${withT}T00:00:00Z` : hasOffset ? withT : `${withT}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
