import { LocalSpecSchema } from '../../src/embed/localSpec.js';
import { describe, expect, it } from 'vitest';
import { EmbeddingSchema, type LocalEmbeddingConfig } from '../../src/config/embedding.js';
import { contentHash } from '../../src/domain/hash.js';
import { EmbedderSpecSchema } from '../../src/embed/embedder.js';
import { createLocalEmbedder, embedLocal, fitLocalSpec } from '../../src/embed/local.js';

const config = EmbeddingSchema.parse({ provider: 'local', dimensions: 128 }) as LocalEmbeddingConfig;
const corpus = [
  'Write a python function that sorts a list',
  'Write a typescript function that reverses a string',
  'What is the capital of France?',
  'Как приготовить борщ с говядиной?',
  'Как приготовить борщ без мяса?',
  '東京の天気はどうですか',
  '東京の天気は晴れですか',
  'Summarise this contract clause about liability',
];

const cosine = (a: Float32Array, b: Float32Array): number => a.reduce((sum, x, i) => sum + x * b[i]!, 0);
const norm = (a: Float32Array): number => Math.sqrt(cosine(a, a));

describe('local embedder', () => {
  const spec = fitLocalSpec(config, corpus);

  it('captures everything needed to embed in a serialisable spec with a stable hash', () => {
    expect(spec.idf).toHaveLength(128);
    expect(spec.documents).toBe(corpus.length);
    const roundTripped = LocalSpecSchema.parse(EmbedderSpecSchema.parse(JSON.parse(JSON.stringify(spec))));
    expect(contentHash(roundTripped)).toBe(contentHash(spec));
    expect(contentHash(fitLocalSpec(config, corpus))).toBe(contentHash(spec));
    expect(embedLocal(roundTripped, corpus[0]!)).toEqual(embedLocal(spec, corpus[0]!));
  });

  it('returns unit vectors of the configured length, the same from embedLocal and the Embedder', async () => {
    const embedder = createLocalEmbedder(spec);
    const vectors = await embedder.embed(corpus);
    expect(embedder.dimensions).toBe(128);
    expect(embedder.specHash).toBe(contentHash(spec));
    vectors.forEach((vector, i) => {
      expect(vector).toBeInstanceOf(Float32Array);
      expect(vector).toHaveLength(128);
      expect(norm(vector)).toBeCloseTo(1, 5);
      expect(vector).toEqual(embedLocal(spec, corpus[i]!));
    });
  });

  it('puts similar prompts closer than unrelated ones, in Latin, Cyrillic and Japanese text', () => {
    const [python, typescript, france, borschtBeef, borschtVeg, tokyo, tokyoTomorrow] = corpus.map((t) => embedLocal(spec, t));
    expect(cosine(python!, typescript!)).toBeGreaterThan(cosine(python!, france!));
    expect(cosine(borschtBeef!, borschtVeg!)).toBeGreaterThan(cosine(borschtBeef!, python!) + 0.2);
    expect(cosine(tokyo!, tokyoTomorrow!)).toBeGreaterThan(cosine(tokyo!, borschtBeef!) + 0.2);
  });

  it('normalises Unicode (NFKC) and case', () => {
    expect(embedLocal(spec, 'ＰＹＴＨＯＮ Ｆｕｎｃｔｉｏｎ')).toEqual(embedLocal(spec, 'python function'));
  });

  it('embeds empty and whitespace-only prompts to one shared unit vector, and punctuation to a unit vector', () => {
    const empty = embedLocal(spec, '');
    expect(norm(empty)).toBeCloseTo(1, 5);
    expect(embedLocal(spec, '  \n\t ')).toEqual(empty);
    const question = embedLocal(spec, '?');
    expect(norm(question)).toBeCloseTo(1, 5);
    expect(cosine(question, empty)).toBeLessThan(0.99);
  });

  it('weights buckets by IDF fitted on the corpus', () => {
    expect(spec.idf.every((w) => w >= 1)).toBe(true);
    expect(Math.max(...spec.idf)).toBeGreaterThan(Math.min(...spec.idf));
    expect(fitLocalSpec(config, []).idf.every((w) => w === 1)).toBe(true);
  });
});
