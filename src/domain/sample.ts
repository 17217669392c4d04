import { z } from 'zod';

/**
 * The canonical traffic sample: the JSONL format `ingest` reads and the shape every
 * later stage works on. Unknown fields are rejected so a typo (`segment` for
 * `segments`) is reported instead of silently dropped.
 */
export const ChatMessageSchema = z
  .object({
    role: z.enum(['system', 'user', 'assistant']),
    content: z.string(),
  })
  .strict();
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

export const LabelValueSchema = z.union([z.boolean(), z.number().finite()], {
  error: (issue) => `expected a boolean or a number, received ${JSON.stringify(issue.input) ?? typeof issue.input}`,
});
export type LabelValue = z.infer<typeof LabelValueSchema>;

export const SampleInputSchema = z
  .object({
    id: z.string().min(1).optional(),
    prompt: z.string().optional(),
    messages: z.array(ChatMessageSchema).min(1).optional(),
    system: z.string().optional(),
    segments: z.record(z.string(), z.string()).optional(),
    tag: z.string().min(1).optional(),
    // Checked and normalised to UTC by traffic/validate.ts (date-only and offset-less forms are accepted).
    timestamp: z.string().optional(),
    reference: z.string().optional(),
    responses: z.record(z.string(), z.string()).optional(),
    labels: z.record(z.string(), LabelValueSchema).optional(),
  })
  .strict();
export type SampleInput = z.infer<typeof SampleInputSchema>;

/** A validated, stored sample: id always set, optional maps always present. */
export interface Sample {
  id: string;
  /** sha256 of the canonical content (everything but the id); the dedup key. */
  contentHash: string;
  prompt?: string;
  messages?: ChatMessage[];
  system?: string;
  segments: Record<string, string>;
  tag?: string;
  timestamp?: string;
  reference?: string;
  responses: Record<string, string>;
  labels: Record<string, LabelValue>;
}

/** The conversation a lane is asked to answer, built the same way for every provider. */
export function conversationOf(sample: Pick<Sample, 'prompt' | 'messages' | 'system'>): ChatMessage[] {
  const turns: ChatMessage[] = sample.messages ?? [{ role: 'user', content: sample.prompt ?? '' }];
  const hasSystemTurn = turns.some((m) => m.role === 'system');
  return sample.system !== undefined && !hasSystemTurn
    ? [{ role: 'system', content: sample.system }, ...turns]
    : turns;
}

/**
 * The text that stands for a sample wherever one string is needed (embedding,
 * length, labels): the system prompt, then every user turn, in order. Assistant
 * turns are left out because they are answers, not the request being routed.
 */
export function requestText(sample: Pick<Sample, 'prompt' | 'messages' | 'system'>): string {
  return conversationOf(sample)
    .filter((m) => m.role !== 'assistant')
    .map((m) => m.content)
    .join('\n');
}
