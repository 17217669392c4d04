import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mulberry32 } from '../../src/domain/random.js';

/**
 * Synthetic traffic for benchmarks and tests: prompts from a few task families
 * (each with its own vocabulary), varied by seeded choices of words and numbers, so
 * clustering has real structure to find and every prompt is distinct.
 */
export const TOPICS: Record<string, { templates: string[]; words: string[] }> = {
  billing: {
    templates: ['My invoice {n} shows a {w} charge, can you explain the {w} and refund it?', 'Why was I billed twice for {w} on order {n}? I need a {w} refund.'],
    words: ['subscription', 'payment', 'credit card', 'renewal', 'tax', 'discount', 'annual plan', 'overcharge'],
  },
  code: {
    templates: ['Write a {w} function that handles {w} for input size {n}.', 'Fix this bug in my {w} code: the {w} loop fails after {n} iterations.'],
    words: ['python', 'typescript', 'recursive', 'sorting', 'hash map', 'async', 'regex', 'binary search'],
  },
  travel: {
    templates: ['Plan a {n}-day trip to {w} with a stop in {w} and cheap hotels.', 'What should I pack for {w} in winter, flying through {w} with {n} kids?'],
    words: ['Lisbon', 'Kyoto', 'Patagonia', 'Iceland', 'Morocco', 'the Alps', 'Vietnam', 'Peru'],
  },
  cooking: {
    templates: ['Give me a recipe for {w} with {w} that serves {n} people.', 'How long do I bake {w} at {n} degrees, and can I swap {w}?'],
    words: ['sourdough', 'lasagna', 'garlic', 'chickpeas', 'salmon', 'butter', 'risotto', 'cinnamon'],
  },
  legal: {
    templates: ['Is a {w} clause enforceable in a {w} contract signed {n} days ago?', 'Summarise the {w} obligations under the {w} agreement, section {n}.'],
    words: ['non-compete', 'liability', 'employment', 'lease', 'indemnity', 'arbitration', 'confidentiality', 'termination'],
  },
};

export interface GeneratedPrompt {
  id: string;
  prompt: string;
  tag: string;
}

export function* generatePrompts(count: number, seed = 1): Generator<GeneratedPrompt> {
  const random = mulberry32(seed);
  const tags = Object.keys(TOPICS);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  for (let i = 0; i < count; i++) {
    const tag = tags[i % tags.length]!;
    const topic = TOPICS[tag]!;
    const prompt = pick(topic.templates).replace(/\{(w|n)\}/g, (_, kind: string) => (kind === 'n' ? String(1 + Math.floor(random() * 1000)) : pick(topic.words)));
    yield { id: `p${i}`, prompt: `${prompt} (ref ${i})`, tag };
  }
}

/** Writes `count` generated prompts as canonical JSONL. */
export async function writePromptsJsonl(path: string, count: number, seed = 1): Promise<void> {
  const out = createWriteStream(path);
  for (const sample of generatePrompts(count, seed)) {
    if (!out.write(`${JSON.stringify(sample)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
