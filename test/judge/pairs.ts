import { contentHash } from '../../src/domain/hash.js';
import type { Sample } from '../../src/domain/sample.js';
import type { JudgePair } from '../../src/judge/types.js';

/** A stored-shape sample from a few fields, its content hash computed like ingest does. */
export function sample(fields: Partial<Omit<Sample, 'id' | 'contentHash'>> & { id?: string } = {}): Sample {
  const { id = 's1', ...rest } = fields;
  const body = { segments: {}, responses: {}, labels: {}, prompt: 'What is 6 times 7?', ...rest };
  return { id, contentHash: contentHash(body), ...body };
}

export function pair(cheap: string | undefined, strong: string | undefined, fields: Parameters<typeof sample>[0] = {}): JudgePair {
  return { sample: sample(fields), cheap, strong };
}
