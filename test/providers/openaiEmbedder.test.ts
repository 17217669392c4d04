import { describe, expect, it } from 'vitest';
import { createOpenAIEmbedder, OpenAIEmbeddingSchema } from '../../src/embed/openai.js';
import { failFirst, fakeEmbedding } from '../fixtures/fakeUpstream.js';
import { useFakeUpstream } from '../fixtures/useFakeUpstream.js';

const upstream = useFakeUpstream();


describe('openai embedder', () => {
  it('embeds in requests of inputsPerRequest texts, decodes base64 float32, keeps order and retries through the executor', async () => {
    upstream().setHandler(failFirst(1, { kind: 'status', status: 503, retryAfterMs: 5 }));
    const config = OpenAIEmbeddingSchema.parse({ provider: 'openai', model: 'my-embedder', baseURL: upstream().openaiBaseURL, dimensions: 64, inputsPerRequest: 4 });
    const embedder = createOpenAIEmbedder(config, { env: {} });
    const texts = Array.from({ length: 10 }, (_, i) => `text number ${i}`);
    const vectors = await embedder.embed(texts);
    expect(upstream().callsByKind.embeddings).toBe(4); // 3 requests + 1 retry
    expect(upstream().requests.every((r) => r.body.encoding_format === 'base64')).toBe(true);
    expect(upstream().requests.map((r) => (r.body.input as string[]).length).sort()).toEqual([2, 4, 4, 4]);
    expect(vectors).toHaveLength(10);
    vectors.forEach((vector, i) => {
      const expected = fakeEmbedding(texts[i]!, 64);
      expect(Array.from(vector).map((v) => v.toFixed(5))).toEqual(expected.map((v) => v.toFixed(5)));
    });
    expect(embedder.spec).toEqual({ provider: 'openai', model: 'my-embedder', baseURL: upstream().openaiBaseURL, dimensions: 64 });
  });

  it('needs dimensions for an unknown model, and knows text-embedding-3-small', () => {
    expect(() => createOpenAIEmbedder(OpenAIEmbeddingSchema.parse({ provider: 'openai', model: 'mystery', baseURL: upstream().openaiBaseURL }), { env: {} })).toThrow(/dimensions/);
    const known = createOpenAIEmbedder(OpenAIEmbeddingSchema.parse({ provider: 'openai' }), { env: { OPENAI_API_KEY: 'sk-x' } });
    expect(known.dimensions).toBe(1536);
  });
});
