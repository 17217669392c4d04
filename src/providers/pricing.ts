import type { Pricing } from '../config/lanes.js';

/**
 * List prices in USD per million tokens (input, output) of common models, used when a
 * lane sets no `pricing`. Dated snapshots (`gpt-4o-2024-08-06`) match their base name.
 * Prices change: a lane's `pricing` always wins.
 */
const BUILT_IN: Record<string, readonly [number, number]> = {
  'gpt-5': [1.25, 10],
  'gpt-5-mini': [0.25, 2],
  'gpt-5-nano': [0.05, 0.4],
  'gpt-4.1': [2, 8],
  'gpt-4.1-mini': [0.4, 1.6],
  'gpt-4.1-nano': [0.1, 0.4],
  'gpt-4o': [2.5, 10],
  'gpt-4o-mini': [0.15, 0.6],
  'gpt-4-turbo': [10, 30],
  'gpt-4': [30, 60],
  'gpt-3.5-turbo': [0.5, 1.5],
  o1: [15, 60],
  o3: [2, 8],
  'o3-mini': [1.1, 4.4],
  'o4-mini': [1.1, 4.4],
  'claude-opus-4-5': [5, 25],
  'claude-opus-4-1': [15, 75],
  'claude-opus-4': [15, 75],
  'claude-sonnet-4-5': [3, 15],
  'claude-sonnet-4': [3, 15],
  'claude-haiku-4-5': [1, 5],
  'claude-3-7-sonnet': [3, 15],
  'claude-3-5-sonnet': [3, 15],
  'claude-3-5-haiku': [0.8, 4],
  'claude-3-opus': [15, 75],
  'claude-3-haiku': [0.25, 1.25],
  'text-embedding-3-small': [0.02, 0],
  'text-embedding-3-large': [0.13, 0],
  'text-embedding-ada-002': [0.1, 0],
};

/** The lane's own pricing, else the built-in entry for the model (exact or dated snapshot), else undefined. */
export function resolvePricing(model: string, override?: Pricing): Pricing | undefined {
  if (override) return override;
  const name = model.toLowerCase();
  let best: string | undefined;
  for (const key of Object.keys(BUILT_IN)) {
    const matches = name === key || name.startsWith(`${key}-`);
    if (matches && (best === undefined || key.length > best.length)) best = key;
  }
  if (best === undefined) return undefined;
  const [inputPerMTok, outputPerMTok] = BUILT_IN[best]!;
  return { inputPerMTok, outputPerMTok };
}

export function costUsd(pricing: Pricing, inputTokens: number, outputTokens: number): number {
  return (inputTokens * pricing.inputPerMTok + outputTokens * pricing.outputPerMTok) / 1_000_000;
}

/** The rough token count used wherever no tokenizer is at hand: about four characters per token. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
