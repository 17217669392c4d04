import { z } from 'zod';

/**
 * Judge replies, validated with zod. The provider's native structured output is used
 * when present; otherwise the reply text must be exactly one JSON object (optionally
 * the whole reply wrapped in one ```json fence). Nothing is ever searched for inside a
 * longer reply: a judge that quotes an answer containing verdict-looking JSON has not
 * given a verdict, and that is a parse failure, not a guess.
 */

export const PairwiseReplySchema = z
  .object({ reason: z.string(), winner: z.enum(['A', 'B', 'tie']) })
  .strict();
export type PairwiseReply = z.infer<typeof PairwiseReplySchema>;

export const SingleReplySchema = z
  .object({ reason: z.string(), acceptable: z.boolean(), confidence: z.number().min(0).max(1) })
  .strict();
export type SingleReply = z.infer<typeof SingleReplySchema>;

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export function parseJudgeReply<T>(
  schema: z.ZodType<T>,
  reply: { text: string; structured?: unknown },
): Parsed<T> {
  let candidate: unknown;
  if (reply.structured !== undefined) {
    candidate = reply.structured;
  } else {
    const json = strictJsonObject(reply.text);
    if (!json.ok) return json;
    candidate = json.value;
  }
  const parsed = schema.safeParse(candidate);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, error: `reply does not match the verdict schema: ${issue ? `${issue.path.join('.') || 'reply'}: ${issue.message}` : 'invalid'}` };
}

/** The reply as one JSON object when it is exactly that (whitespace and one enclosing fence allowed). */
export function strictJsonObject(text: string): Parsed<Record<string, unknown>> {
  let body = text.trim();
  const fenced = /^```(?:json)?[ \t]*\n([\s\S]*)\n[ \t]*```$/.exec(body);
  if (fenced) body = (fenced[1] ?? '').trim();
  if (!body.startsWith('{') || !body.endsWith('}')) return { ok: false, error: 'reply is not a single JSON object' };
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { ok: false, error: 'reply is not a single JSON object' };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, error: 'reply is not a single JSON object' };
  }
  return { ok: true, value: value as Record<string, unknown> };
}
